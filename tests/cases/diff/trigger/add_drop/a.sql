-- name: trigger/add_drop (a)
-- description: a trigger is added and another dropped
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create trigger t_audit after delete on t for each row execute function audit();
