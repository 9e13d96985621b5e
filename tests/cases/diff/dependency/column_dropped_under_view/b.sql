-- name: dependency/column_dropped_under_view (b)
-- description: a column used by a view is dropped and the view no longer uses it
create table t (id int);
create view v as select id from t;
