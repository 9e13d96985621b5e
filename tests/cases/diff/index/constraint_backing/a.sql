-- name: index/constraint_backing (a)
-- description: a unique constraint replaces a unique index of the same columns
create table t (a int);
create unique index t_a_idx on t (a);
