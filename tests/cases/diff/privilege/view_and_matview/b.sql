-- name: privilege/view_and_matview (b)
-- description: privileges on a view and a materialized view
-- roles: graft_app
create table t (id int);
create view v as select id from t;
create materialized view mv as select id from t;
grant select on v to graft_app;
grant select on mv to graft_app;
grant insert (id) on v to graft_app;
