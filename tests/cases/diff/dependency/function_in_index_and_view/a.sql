-- name: dependency/function_in_index_and_view (a)
-- description: a new function used by an index expression and a view
create table t (id int, name text);
