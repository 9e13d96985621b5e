-- name: dependency/function_in_check (a)
-- description: a new function is used by a check constraint and a domain
create table t (id int, v text);
