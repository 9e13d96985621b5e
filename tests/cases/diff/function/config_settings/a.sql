-- name: function/config_settings (a)
-- description: function SET clauses change
create function f() returns int language plpgsql set work_mem = '8MB' as $$ begin return 1; end $$;
