-- name: privilege/table_grants (a)
-- description: table privileges granted, changed and revoked, with grant option
-- roles: graft_app, graft_report
create table t (id int);
create table u (id int);
grant select, insert on t to graft_app;
grant all on u to graft_app;
