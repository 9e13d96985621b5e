-- name: function/volatility_strict_parallel (b)
-- description: volatility, strictness, leakproof, parallel safety and cost change
create function f(a int) returns int language sql immutable strict parallel safe cost 5 as $$ select a + 1 $$;
