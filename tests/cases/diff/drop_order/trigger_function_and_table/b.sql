-- name: drop_order/trigger_function_and_table (b)
-- description: a table, its trigger and the trigger's function all go away
create table keep (id int);
