-- name: table/owner (b)
-- description: a table gets a different owner
-- roles: graft_owner_role
create table t (id int);
alter table t owner to graft_owner_role;
