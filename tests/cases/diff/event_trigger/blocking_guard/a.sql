-- name: event_trigger/blocking_guard (a)
-- description: an event trigger that refuses every DDL statement stays: the plan disables it around its own statements
create table t (id int primary key);
create function no_ddl() returns event_trigger language plpgsql as $$ begin raise exception 'DDL is not allowed here'; end $$;
create event trigger guard on ddl_command_start execute function no_ddl();
