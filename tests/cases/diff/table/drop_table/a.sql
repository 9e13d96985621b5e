-- name: table/drop_table (a)
-- description: a table with data-bearing columns is dropped
create table keep (id int primary key);
create table gone (id int primary key, note text);
