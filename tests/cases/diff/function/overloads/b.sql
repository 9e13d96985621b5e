-- name: function/overloads (b)
-- description: overloads by argument types: one added, one changed, one dropped
create function f(a int) returns int language sql as $$ select a * 2 $$;
create function f(a text) returns text language sql as $$ select a $$;
create function f(a numeric) returns numeric language sql as $$ select a $$;
