-- name: dependency/rename_schema (a)
-- description: a schema is replaced by one of another name holding the same objects
create schema old_app;
create table old_app.t (id int primary key);
create view old_app.v as select id from old_app.t;
