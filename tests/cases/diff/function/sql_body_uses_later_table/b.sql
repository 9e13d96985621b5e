-- name: function/sql_body_uses_later_table (b)
-- description: a LANGUAGE sql function and procedure whose bodies use a table and a function the plan creates after them
set check_function_bodies = false;  -- the bodies name objects created below
create table keep (id int);
create function a_count() returns bigint language sql as $$ select count(*) + z_bonus() from z_items $$;
create procedure a_add(n int) language sql as $$ insert into z_items values (n) $$;
create table z_items (n int);
create function z_bonus() returns bigint language sql as $$ select 1::bigint $$;
