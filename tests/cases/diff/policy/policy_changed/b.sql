-- name: policy/policy_changed (b)
-- description: a policy's roles, USING and WITH CHECK change; a permissive policy becomes restrictive
-- roles: graft_reader
create table docs (id int, owner text, public boolean);
alter table docs enable row level security;
create policy p on docs for all to graft_reader using (public and id > 0) with check (owner = current_user);
create policy q on docs as restrictive for select using (true);
