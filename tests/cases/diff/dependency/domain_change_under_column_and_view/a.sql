-- name: dependency/domain_change_under_column_and_view (a)
-- description: a domain used by a column and a view changes its constraint
create domain small as int check (value < 100);
create table t (id int, n small);
create view v as select id, n from t;
