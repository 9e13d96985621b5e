-- name: function/overloads (a)
-- description: overloads by argument types: one added, one changed, one dropped
create function f(a int) returns int language sql as $$ select a $$;
create function f(a text) returns text language sql as $$ select a $$;
create function f(a int, b int) returns int language sql as $$ select a + b $$;
