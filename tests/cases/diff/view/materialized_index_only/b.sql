-- name: view/materialized_index_only (b)
-- description: only the index of a materialized view changes
create table t (id int, v int);
create materialized view mv as select id, v from t;
create index mv_v on mv (v desc);
create index mv_id on mv (id);
