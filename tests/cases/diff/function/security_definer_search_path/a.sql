-- name: function/security_definer_search_path (a)
-- description: security definer and a search_path setting
create schema util;
create function util.f() returns text language sql as $$ select current_user::text $$;
