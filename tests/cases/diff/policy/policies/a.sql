-- name: policy/policies (a)
-- description: policies: permissive/restrictive, per command, roles, USING and WITH CHECK
-- roles: graft_reader, graft_writer
create table docs (id int, owner text, public boolean);
alter table docs enable row level security;
create policy p_old on docs for select using (public);
