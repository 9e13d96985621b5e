-- name: dependency/drop_policy_then_function (b)
-- description: a policy and the function it calls both go away
create table t (id int);
alter table t enable row level security;
