-- name: constraint/check (b)
-- description: check constraints are added, changed and dropped
create table t (a int, b int, constraint a_pos check (a >= 0), constraint a_b check (a <> b));
