-- name: view/add_drop (a)
-- description: a view is created and another dropped
create table t (id int, name text);
create view old_v as select id from t;
