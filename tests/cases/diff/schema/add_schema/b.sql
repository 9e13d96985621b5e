-- name: schema/add_schema (b)
-- description: a new schema with a table in it
create table public.t (id int primary key);
create schema app;
create table app.items (id int primary key, name text);
