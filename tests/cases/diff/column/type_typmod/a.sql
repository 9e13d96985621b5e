-- name: column/type_typmod (a)
-- description: varchar and numeric typmods change, int widens to bigint
create table t (id int primary key, name varchar(20), amount numeric(10,2), n int);
