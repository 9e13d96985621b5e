-- name: function/search_path_setting_changed (a)
-- description: a function gets a search_path setting under which its unqualified body would not resolve at creation
create table items (n int);
create function total() returns bigint language sql as $$ select count(*) from items $$;
