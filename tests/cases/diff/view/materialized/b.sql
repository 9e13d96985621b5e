-- name: view/materialized (b)
-- description: a materialized view with an index, and a changed materialized view
create table t (id int, v int);
create materialized view mv as select id, sum(v) as total, count(*) as n from t group by id;
create unique index mv_id on mv (id);
create materialized view mv2 as select 1 as one with no data;
