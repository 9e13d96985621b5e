-- name: column/rename_like (a)
-- description: a column is replaced by one of another name (graft sees drop + add)
create table t (id int, fullname text);
