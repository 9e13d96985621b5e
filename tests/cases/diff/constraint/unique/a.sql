-- name: constraint/unique (a)
-- description: unique constraints: added, changed to deferrable, dropped, NULLS NOT DISTINCT
create table t (a int, b int, c int, d int, constraint t_c_key unique (c));
