-- name: sequence/used_across_schemas (a)
-- description: a sequence in one schema feeds defaults of tables in another
create schema ids;
create schema app;
create table app.t (id bigint);
