-- name: index/constraint_backing (b)
-- description: a unique constraint replaces a unique index of the same columns
create table t (a int, constraint t_a_key unique (a));
