-- name: extension/add_drop (b)
-- description: an extension is created (in a schema) and another dropped
create schema ext;
create extension citext schema ext;
create table t (name ext.citext);
