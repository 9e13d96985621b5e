-- name: dependency/views_on_views_columns_change (a)
-- description: a view whose columns change, with views on it (drop dependents first, recreate last)
create table t (id int, a int, b int);
create view v1 as select id, a, b from t;
create view v2 as select id, a from v1;
create view v3 as select v2.id from v2 join v1 using (id);
