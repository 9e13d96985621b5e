-- name: dependency/drop_referenced_table (a)
-- description: a referenced table and the foreign key to it are dropped
create table p (id int primary key);
create table c (id int, pid int references p(id));
