-- name: view/column_renamed (b)
-- description: a view column gets another name
create table t (id int, name text);
create view v as select id, name as label from t;
