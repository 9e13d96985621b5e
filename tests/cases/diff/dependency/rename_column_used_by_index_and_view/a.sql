-- name: dependency/rename_column_used_by_index_and_view (a)
-- description: a column used by an index, a view and a check is replaced by one of another name
create table t (id int, nm text check (nm <> ''));
create index t_nm on t (nm);
create view v as select id, nm from t;
