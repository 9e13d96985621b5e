-- name: type/composite_used_by_function (a)
-- description: a composite type used as a function argument changes
create type pair as (a int, b int);
create function sum_pair(p pair) returns int language sql as $$ select p.a + p.b $$;
