-- name: table/unlogged (b)
-- description: a table switches from logged to unlogged and another the other way
create unlogged table t1 (id int primary key);
create table t2 (id int primary key);
