-- name: view/definition_same_columns (b)
-- description: a view's query changes but its columns stay (CREATE OR REPLACE)
create table t (id int, name text);
create view v as select id, name from t where id > 10 order by name;
