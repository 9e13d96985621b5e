-- name: function/aggregate (b)
-- description: an aggregate with its state function, and an overload
create function add_sq(s int, v int) returns int language sql immutable as $$ select s + v * v $$;
create function add_sq(s bigint, v bigint) returns bigint language sql immutable as $$ select s + v * v $$;
create aggregate sum_sq(int) (sfunc = add_sq, stype = int, initcond = '0');
create aggregate sum_sq(bigint) (sfunc = add_sq, stype = bigint, initcond = '0');
