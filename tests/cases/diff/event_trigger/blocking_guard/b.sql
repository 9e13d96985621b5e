-- name: event_trigger/blocking_guard (b)
-- description: an event trigger that refuses every DDL statement stays: the plan disables it around its own statements
create table t (id int primary key, name text);
create table u (id int primary key, t_id int references t);
create function no_ddl() returns event_trigger language plpgsql as $$ begin raise exception 'DDL is not allowed here'; end $$;
create event trigger guard on ddl_command_start execute function no_ddl();
