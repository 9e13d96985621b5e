-- name: privilege/table_grants (b)
-- description: table privileges granted, changed and revoked, with grant option
-- roles: graft_app, graft_report
create table t (id int);
create table u (id int);
grant select, update on t to graft_app;
grant select on t to graft_report with grant option;
grant select on u to graft_app;
revoke all on u from graft_report;
