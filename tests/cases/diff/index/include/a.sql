-- name: index/include (a)
-- description: a covering index with INCLUDE columns and opclass/ordering options
create table t (a int, b text, c int);
create index t_a on t (a);
