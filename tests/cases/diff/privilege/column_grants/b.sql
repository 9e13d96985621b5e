-- name: privilege/column_grants (b)
-- description: column-level privileges
-- roles: graft_app, graft_report
create table t (id int, secret text, name text);
grant select (id, name), update (name) on t to graft_app;
grant references (id) on t to graft_report;
