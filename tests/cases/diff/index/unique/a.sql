-- name: index/unique (a)
-- description: a unique index is added and a plain one becomes unique
create table t (a int, b int);
create index t_b on t (b);
