-- name: privilege/default_privileges_for_role (a)
-- description: default privileges of another role change
-- roles: graft_owner, graft_app
alter default privileges for role graft_owner grant select on tables to graft_app;
