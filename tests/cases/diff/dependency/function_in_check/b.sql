-- name: dependency/function_in_check (b)
-- description: a new function is used by a check constraint and a domain
create function is_slug(s text) returns boolean language sql immutable as $$ select s ~ '^[a-z0-9-]+$' $$;
create domain slug as text check (is_slug(value));
create table t (id int, v text check (is_slug(v)), w slug);
