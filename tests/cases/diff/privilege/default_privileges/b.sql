-- name: privilege/default_privileges (b)
-- description: default privileges for the owner, globally and in a schema
-- roles: graft_app, graft_report
create schema s;
alter default privileges grant select on tables to graft_app;
alter default privileges in schema s grant usage on sequences to graft_app;
alter default privileges in schema s grant execute on functions to graft_report;
alter default privileges revoke execute on functions from public;
