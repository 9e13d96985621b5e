-- name: constraint/rename (b)
-- description: a constraint gets a different name
create table t (a int, constraint new_name check (a > 0));
