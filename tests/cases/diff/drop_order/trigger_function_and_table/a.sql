-- name: drop_order/trigger_function_and_table (a)
-- description: a table, its trigger and the trigger's function all go away
create table t (id int, touched timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.touched := now(); return new; end $$;
create trigger t_touch before update on t for each row execute function touch();
create table keep (id int);
