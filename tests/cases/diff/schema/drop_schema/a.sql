-- name: schema/drop_schema (a)
-- description: a schema and its contents go away
create schema old;
create table old.t (id int);
create view old.v as select id from old.t;
