-- name: column/rename_like (b)
-- description: a column is replaced by one of another name (graft sees drop + add)
create table t (id int, full_name text);
