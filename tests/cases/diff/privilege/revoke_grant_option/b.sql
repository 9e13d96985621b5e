-- name: privilege/revoke_grant_option (b)
-- description: a grant option is revoked while the privilege stays
-- roles: graft_app
create table t (id int);
grant select on t to graft_app;
