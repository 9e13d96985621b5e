-- name: privilege/default_privileges (a)
-- description: default privileges for the owner, globally and in a schema
-- roles: graft_app, graft_report
create schema s;
