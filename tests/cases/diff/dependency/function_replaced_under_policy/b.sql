-- name: dependency/function_replaced_under_policy (b)
-- description: a function used by a policy and a default changes its return type (dependents recreated)
create function lvl_default() returns bigint language sql as $$ select 2::bigint $$;
create function can_see(o text) returns int language sql stable as $$ select (o = current_user)::int $$;
create table t (id int, owner text, lvl int default lvl_default());
alter table t enable row level security;
create policy p on t using (can_see(owner) = 1);
