-- name: privilege/column_grants (a)
-- description: column-level privileges
-- roles: graft_app, graft_report
create table t (id int, secret text, name text);
grant select (id) on t to graft_app;
