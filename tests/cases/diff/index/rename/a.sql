-- name: index/rename (a)
-- description: an index gets another name (same definition)
create table t (a int);
create index t_a_old on t (a);
