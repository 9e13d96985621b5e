-- name: policy/policies (b)
-- description: policies: permissive/restrictive, per command, roles, USING and WITH CHECK
-- roles: graft_reader, graft_writer
create table docs (id int, owner text, public boolean);
alter table docs enable row level security;
create policy p_read on docs for select to graft_reader using (public or owner = current_user);
create policy p_write on docs for insert to graft_writer, graft_reader with check (owner = current_user);
create policy p_upd on docs for update using (owner = current_user) with check (owner = current_user);
create policy p_guard on docs as restrictive for all using (id > 0);
