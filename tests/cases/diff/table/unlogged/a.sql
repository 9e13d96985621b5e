-- name: table/unlogged (a)
-- description: a table switches from logged to unlogged and another the other way
create table t1 (id int primary key);
create unlogged table t2 (id int primary key);
