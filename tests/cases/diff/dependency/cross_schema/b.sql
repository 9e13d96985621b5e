-- name: dependency/cross_schema (b)
-- description: new objects in two schemas that depend on each other
create table keep (id int);
create schema core;
create schema api;
create table core.users (id int primary key, email text);
create function core.active_users() returns setof core.users language sql stable as $$ select * from core.users $$;
create view api.users as select id, email from core.active_users();
create table api.sessions (id int, user_id int references core.users(id));
