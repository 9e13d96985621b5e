-- name: constraint/rename (a)
-- description: a constraint gets a different name
create table t (a int, constraint old_name check (a > 0));
