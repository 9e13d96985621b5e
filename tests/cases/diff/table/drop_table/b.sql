-- name: table/drop_table (b)
-- description: a table with data-bearing columns is dropped
create table keep (id int primary key);
