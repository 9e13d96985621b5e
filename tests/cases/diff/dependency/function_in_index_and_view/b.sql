-- name: dependency/function_in_index_and_view (b)
-- description: a new function used by an index expression and a view
create table t (id int, name text);
create function norm(s text) returns text language sql immutable as $$ select lower(trim(s)) $$;
create index t_norm on t (norm(name));
create view v as select id, norm(name) as n from t;
