-- name: function/add_drop (a)
-- description: a function is created and another dropped
create function old_f() returns int language sql as $$ select 1 $$;
