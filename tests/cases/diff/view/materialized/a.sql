-- name: view/materialized (a)
-- description: a materialized view with an index, and a changed materialized view
create table t (id int, v int);
create materialized view mv as select id, sum(v) as total from t group by id;
