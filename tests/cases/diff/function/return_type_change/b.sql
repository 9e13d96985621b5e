-- name: function/return_type_change (b)
-- description: a function's return type changes (drop and recreate)
create function f(a int) returns bigint language sql as $$ select a::bigint $$;
