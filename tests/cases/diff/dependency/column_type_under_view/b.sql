-- name: dependency/column_type_under_view (b)
-- description: a column's type changes under a view and a materialized view that use it
create table t (id int, amount bigint);
create view v as select id, amount from t;
create materialized view mv as select sum(amount) as total from t;
create view vv as select * from v;
