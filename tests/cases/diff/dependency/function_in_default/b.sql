-- name: dependency/function_in_default (b)
-- description: a new function is used by a column default
create function new_code() returns text language sql volatile as $$ select md5(random()::text) $$;
create table t (id int, code text default new_code());
