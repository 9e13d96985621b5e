-- name: privilege/schema_sequence_function_type (b)
-- description: privileges on a schema, a sequence, a function and a type; PUBLIC revoked
-- roles: graft_app, graft_report
create schema s;
create sequence s.seq;
create function s.f() returns int language sql as $$ select 1 $$;
create type s.kind as enum ('a');
grant usage on schema s to graft_app;
grant create on schema s to graft_report;
grant usage, select on sequence s.seq to graft_app;
revoke execute on function s.f() from public;
grant execute on function s.f() to graft_app;
revoke usage on type s.kind from public;
grant usage on type s.kind to graft_app;
grant create on schema public to graft_report;
