-- name: dependency/function_in_default (a)
-- description: a new function is used by a column default
create table t (id int, code text);
