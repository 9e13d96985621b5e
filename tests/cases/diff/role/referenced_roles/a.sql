-- name: role/referenced_roles (a)
-- description: objects refer to roles: ownership of several kinds, grants and policy roles
-- roles: graft_owner, graft_reader
create schema s;
create table s.t (id int);
create function s.f() returns int language sql as $$ select 1 $$;
create sequence s.q;
