-- name: table/owner (a)
-- description: a table gets a different owner
-- roles: graft_owner_role
create table t (id int);
