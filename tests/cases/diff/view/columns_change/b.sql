-- name: view/columns_change (b)
-- description: a view loses a column and changes another's type (drop and recreate)
create table t (id int, name text, n int);
create view v as select id, n::bigint as n from t;
