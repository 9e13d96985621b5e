-- name: function/out_params_and_setof (b)
-- description: functions with OUT parameters, RETURNS TABLE and SETOF
create table t (id int, name text);
create function pair(in a int, out x int, out y int) language sql as $$ select a, a * 2 $$;
create function rows_of(min_id int) returns table (id int, name text) language sql stable as $$ select id, name from t where id >= min_id $$;
create function all_t() returns setof t language sql as $$ select * from t $$;
create function variadic_sum(variadic xs int[]) returns int language sql as $$ select sum(x)::int from unnest(xs) x $$;
