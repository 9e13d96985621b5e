-- name: constraint/check_no_inherit (b)
-- description: a check constraint marked NO INHERIT
create table t (a int, constraint only_here check (a > 0) no inherit);
