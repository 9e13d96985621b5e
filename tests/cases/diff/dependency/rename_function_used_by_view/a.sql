-- name: dependency/rename_function_used_by_view (a)
-- description: a function used by a view is replaced by one of another name
create table t (x int);
create function double_it(v int) returns int language sql immutable as $$ select v * 2 $$;
create view v as select double_it(x) as y from t;
