-- name: index/drop (a)
-- description: an index is dropped
create table t (a int);
create index t_a on t (a);
