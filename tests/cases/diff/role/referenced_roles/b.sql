-- name: role/referenced_roles (b)
-- description: objects refer to roles: ownership of several kinds, grants and policy roles
-- roles: graft_owner, graft_reader
create schema s authorization graft_owner;
create table s.t (id int);
alter table s.t owner to graft_owner;
create function s.f() returns int language sql as $$ select 1 $$;
alter function s.f() owner to graft_owner;
create sequence s.q;
alter sequence s.q owner to graft_owner;
grant select on s.t to graft_reader;
alter table s.t enable row level security;
create policy p on s.t to graft_reader using (true);
