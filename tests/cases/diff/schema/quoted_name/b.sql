-- name: schema/quoted_name (b)
-- description: a schema and table whose names need quoting
create schema "My Schema";
create table "My Schema"."Table-1" ("Id" int primary key, "select" text);
