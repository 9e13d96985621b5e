-- name: sequence/used_across_schemas (b)
-- description: a sequence in one schema feeds defaults of tables in another
create schema ids;
create schema app;
create sequence ids.global_id as bigint;
create table app.t (id bigint default nextval('ids.global_id'));
create table app.u (id bigint default nextval('ids.global_id'), note text);
