-- name: dependency/rename_column_used_by_index_and_view (b)
-- description: a column used by an index, a view and a check is replaced by one of another name
create table t (id int, name text check (name <> ''));
create index t_nm on t (name);
create view v as select id, name as nm from t;
