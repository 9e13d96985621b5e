-- name: trigger/timing_events (a)
-- description: trigger timing and events change, UPDATE OF columns, statement level
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create trigger t_touch before update on t for each row execute function touch();
create trigger t_audit after insert on t for each row execute function audit();
