-- name: index/rename (b)
-- description: an index gets another name (same definition)
create table t (a int);
create index t_a_new on t (a);
