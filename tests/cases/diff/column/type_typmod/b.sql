-- name: column/type_typmod (b)
-- description: varchar and numeric typmods change, int widens to bigint
create table t (id int primary key, name varchar(50), amount numeric(12,4), n bigint);
