-- name: schema/add_schema (a)
-- description: a new schema with a table in it
create table public.t (id int primary key);
