-- name: drop_order/trigger_on_rebuilt_table_function_dropped (a)
-- description: a table is rebuilt (column order) while its trigger and the trigger's function go away
create table t (id int, touched timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.touched := now(); return new; end $$;
create trigger t_touch before update on t for each row execute function touch();
