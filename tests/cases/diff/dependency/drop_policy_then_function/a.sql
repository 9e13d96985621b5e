-- name: dependency/drop_policy_then_function (a)
-- description: a policy and the function it calls both go away
create table t (id int);
create function allowed(i int) returns boolean language sql stable as $$ select i > 0 $$;
alter table t enable row level security;
create policy p on t using (allowed(id));
