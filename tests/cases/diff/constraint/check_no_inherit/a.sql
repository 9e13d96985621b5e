-- name: constraint/check_no_inherit (a)
-- description: a check constraint marked NO INHERIT
create table t (a int);
