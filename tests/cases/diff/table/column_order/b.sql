-- name: table/column_order (b)
-- description: a column is added in the middle: column order is part of the schema
create table t (id int primary key, middle int, last text);
