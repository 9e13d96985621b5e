-- name: dependency/function_in_policy (a)
-- description: a new function is used by a new policy (function first)
create table t (id int, owner text);
alter table t enable row level security;
