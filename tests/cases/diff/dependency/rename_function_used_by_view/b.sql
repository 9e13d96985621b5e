-- name: dependency/rename_function_used_by_view (b)
-- description: a function used by a view is replaced by one of another name
create table t (x int);
create function twice(v int) returns int language sql immutable as $$ select v * 2 $$;
create view v as select twice(x) as y from t;
