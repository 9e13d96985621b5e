-- name: function/volatility_strict_parallel (a)
-- description: volatility, strictness, leakproof, parallel safety and cost change
create function f(a int) returns int language sql as $$ select a + 1 $$;
