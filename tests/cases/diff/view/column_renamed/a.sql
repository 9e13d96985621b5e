-- name: view/column_renamed (a)
-- description: a view column gets another name
create table t (id int, name text);
create view v as select id, name from t;
