-- name: constraint/check (a)
-- description: check constraints are added, changed and dropped
create table t (a int, b int, constraint a_pos check (a > 0), constraint b_small check (b < 10));
