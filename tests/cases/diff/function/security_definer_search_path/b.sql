-- name: function/security_definer_search_path (b)
-- description: security definer and a search_path setting
create schema util;
create function util.f() returns text language sql security definer set search_path = util, pg_temp as $$ select current_user::text $$;
