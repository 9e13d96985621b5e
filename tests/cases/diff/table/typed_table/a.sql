-- name: table/typed_table (a)
-- description: a typed table (CREATE TABLE ... OF type) with its own NOT NULL, default and key is created from its composite type; another table becomes typed, and back
create type point3 as (x float8, y float8, z float8);
create type named as (name text, note text);
create table labels (name text, note text);
