-- name: trigger/constraint_trigger_and_args (b)
-- description: a deferrable constraint trigger and a trigger with arguments and transition tables
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create constraint trigger t_check after insert on t deferrable initially deferred for each row execute function audit();
create trigger t_args after update on t referencing old table as old_rows new table as new_rows for each statement execute function audit('x', '42');
