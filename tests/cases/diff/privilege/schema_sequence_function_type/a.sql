-- name: privilege/schema_sequence_function_type (a)
-- description: privileges on a schema, a sequence, a function and a type; PUBLIC revoked
-- roles: graft_app, graft_report
create schema s;
create sequence s.seq;
create function s.f() returns int language sql as $$ select 1 $$;
create type s.kind as enum ('a');
