-- name: dependency/function_in_trigger (a)
-- description: a new trigger function and its trigger
create table t (id int, changed timestamptz);
