-- name: event_trigger/add_drop_alter (b)
-- description: event triggers added, dropped, given a tag filter (recreated) and enabled in other modes; a comment
create function log_ddl() returns event_trigger language plpgsql as $$ begin raise notice 'ddl: %', tg_tag; end $$;
create function log_drop() returns event_trigger language plpgsql as $$ begin raise notice 'dropped'; end $$;
create event trigger on_start on ddl_command_start when tag in ('CREATE TABLE', 'ALTER TABLE') execute function log_ddl();
create event trigger on_drop on sql_drop execute function log_drop();
alter event trigger on_drop enable always;
create event trigger on_rewrite on table_rewrite execute function log_ddl();
comment on event trigger on_rewrite is 'rewrites are logged';
