-- name: column/type_no_cast_foreign_key (b)
-- description: a foreign key's columns on both sides change from bigint to timestamp in empty tables
create table parent (id timestamp primary key);
create table child (id int, parent_id timestamp references parent (id));
