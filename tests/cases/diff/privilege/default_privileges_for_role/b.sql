-- name: privilege/default_privileges_for_role (b)
-- description: default privileges of another role change
-- roles: graft_owner, graft_app
alter default privileges for role graft_owner grant insert, select on tables to graft_app;
alter default privileges for role graft_owner grant usage on types to graft_app;
