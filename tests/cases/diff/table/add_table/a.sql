-- name: table/add_table (a)
-- description: a new table with several column kinds
create table a (id int primary key);
