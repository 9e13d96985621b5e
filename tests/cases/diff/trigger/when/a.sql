-- name: trigger/when (a)
-- description: a WHEN condition is added to a trigger
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create trigger t_touch before update on t for each row execute function touch();
