-- name: view/definition_same_columns (a)
-- description: a view's query changes but its columns stay (CREATE OR REPLACE)
create table t (id int, name text);
create view v as select id, name from t;
