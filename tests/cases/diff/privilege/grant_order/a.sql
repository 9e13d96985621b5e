-- name: privilege/grant_order (a)
-- description: the same privileges granted in another order (so Postgres stores the ACL items in another order) on every kind that has privileges: tables, columns, sequences, functions, types, domains, schemas, foreign-data wrappers, servers and default privileges; the order never makes a difference, the privileges that do differ are granted and revoked
-- roles: graft_go_a, graft_go_b, graft_go_c
create schema s;
create table s.t (id integer, v text);
create sequence s.q;
create function s.f() returns integer language sql as 'select 1';
create type s.ty as enum ('x');
create domain s.d as integer;
create foreign data wrapper go_w;
create server go_s foreign data wrapper go_w;
grant usage on schema s to graft_go_a, graft_go_b;
grant select on s.t to graft_go_a;
grant select, insert on s.t to graft_go_b;
grant select (v) on s.t to graft_go_a;
grant update (v) on s.t to graft_go_b;
grant usage on sequence s.q to graft_go_a;
grant select on sequence s.q to graft_go_b;
revoke execute on function s.f() from public;
grant execute on function s.f() to graft_go_a;
grant execute on function s.f() to graft_go_b;
grant usage on type s.ty to graft_go_a;
grant usage on type s.ty to graft_go_b;
grant usage on domain s.d to graft_go_a, graft_go_b;
grant usage on foreign data wrapper go_w to graft_go_a;
grant usage on foreign data wrapper go_w to graft_go_b;
grant usage on foreign server go_s to graft_go_a;
grant usage on foreign server go_s to graft_go_b;
alter default privileges in schema s grant select on tables to graft_go_a;
alter default privileges in schema s grant select on tables to graft_go_b;
