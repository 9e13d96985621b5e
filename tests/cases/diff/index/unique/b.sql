-- name: index/unique (b)
-- description: a unique index is added and a plain one becomes unique
create table t (a int, b int);
create unique index t_a on t (a);
create unique index t_b on t (b);
