-- name: dependency/drop_referenced_table (b)
-- description: a referenced table and the foreign key to it are dropped
create table c (id int, pid int);
