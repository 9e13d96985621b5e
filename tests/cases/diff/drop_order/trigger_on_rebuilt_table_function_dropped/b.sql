-- name: drop_order/trigger_on_rebuilt_table_function_dropped (b)
-- description: a table is rebuilt (column order) while its trigger and the trigger's function go away
create table t (id int, extra text, touched timestamptz);
