-- name: view/columns_appended (b)
-- description: a view gains a column at the end
create table t (id int, name text);
create view v as select id, name from t;
