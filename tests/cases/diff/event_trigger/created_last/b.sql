-- name: event_trigger/created_last (b)
-- description: a new event trigger refusing DDL is created after the plan's other statements (and dropped before them the other way)
create table t (id int primary key, note text);
create view v as select id, note from t;
create function no_ddl() returns event_trigger language plpgsql as $$ begin raise exception 'DDL is not allowed here'; end $$;
create event trigger guard on ddl_command_start when tag in ('CREATE TABLE', 'CREATE VIEW', 'ALTER TABLE', 'DROP VIEW') execute function no_ddl();
