-- name: dependency/function_in_trigger (b)
-- description: a new trigger function and its trigger
create table t (id int, changed timestamptz);
create function stamp() returns trigger language plpgsql as $$ begin new.changed := now(); return new; end $$;
create trigger t_stamp before update on t for each row execute function stamp();
