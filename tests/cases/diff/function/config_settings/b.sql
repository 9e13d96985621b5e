-- name: function/config_settings (b)
-- description: function SET clauses change
create function f() returns int language plpgsql set statement_timeout = '5s' set lock_timeout = '1s' as $$ begin return 1; end $$;
