-- name: function/aggregate (a)
-- description: an aggregate with its state function, and an overload
create function add_sq(s int, v int) returns int language sql immutable as $$ select s + v * v $$;
