-- name: dependency/column_dropped_under_view (a)
-- description: a column used by a view is dropped and the view no longer uses it
create table t (id int, old int);
create view v as select id, old from t;
