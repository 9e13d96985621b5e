-- name: function/aggregate_changed (a)
-- description: an aggregate's initial condition changes
create function add_sq(s int, v int) returns int language sql immutable as $$ select s + v * v $$;
create aggregate sum_sq(int) (sfunc = add_sq, stype = int, initcond = '0');
