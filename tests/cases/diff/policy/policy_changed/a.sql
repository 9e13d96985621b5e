-- name: policy/policy_changed (a)
-- description: a policy's roles, USING and WITH CHECK change; a permissive policy becomes restrictive
-- roles: graft_reader
create table docs (id int, owner text, public boolean);
alter table docs enable row level security;
create policy p on docs for all to public using (public) with check (true);
create policy q on docs for select using (true);
