-- name: dependency/function_in_policy (b)
-- description: a new function is used by a new policy (function first)
create table t (id int, owner text);
alter table t enable row level security;
create function is_owner(o text) returns boolean language sql stable as $$ select o = current_user $$;
create policy own on t using (is_owner(owner));
