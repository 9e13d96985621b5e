-- name: privilege/view_and_matview (a)
-- description: privileges on a view and a materialized view
-- roles: graft_app
create table t (id int);
create view v as select id from t;
create materialized view mv as select id from t;
