-- name: dependency/rename_schema (b)
-- description: a schema is replaced by one of another name holding the same objects
create schema app;
create table app.t (id int primary key);
create view app.v as select id from app.t;
