-- name: table/column_order (a)
-- description: a column is added in the middle: column order is part of the schema
create table t (id int primary key, last text);
insert into t values (1, 'x');
