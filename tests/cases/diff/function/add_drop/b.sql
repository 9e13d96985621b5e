-- name: function/add_drop (b)
-- description: a function is created and another dropped
create function new_f(a int, b int default 2) returns int language sql immutable as $$ select a + b $$;
