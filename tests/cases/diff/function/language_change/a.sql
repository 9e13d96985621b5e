-- name: function/language_change (a)
-- description: a function moves from SQL to plpgsql
create function f(a int) returns int language sql as $$ select a * 3 $$;
