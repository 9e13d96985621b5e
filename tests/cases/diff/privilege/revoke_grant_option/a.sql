-- name: privilege/revoke_grant_option (a)
-- description: a grant option is revoked while the privilege stays
-- roles: graft_app
create table t (id int);
grant select on t to graft_app with grant option;
grant update on t to graft_app;
