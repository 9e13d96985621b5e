-- name: column/type_no_cast_foreign_key (a)
-- description: a foreign key's columns on both sides change from bigint to timestamp in empty tables
create table parent (id bigint primary key);
create table child (id int, parent_id bigint references parent (id));
