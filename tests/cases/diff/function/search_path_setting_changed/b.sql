-- name: function/search_path_setting_changed (b)
-- description: a function gets a search_path setting under which its unqualified body would not resolve at creation
set check_function_bodies = false;
create table items (n int);
create function total() returns bigint language sql set search_path = pg_catalog as $$ select count(*) from items $$;
create function later() returns bigint language sql set search_path = '' as $$ select count(*) from items $$;
