-- name: function/return_type_change (a)
-- description: a function's return type changes (drop and recreate)
create function f(a int) returns int language sql as $$ select a $$;
