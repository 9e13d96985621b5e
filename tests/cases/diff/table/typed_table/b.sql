-- name: table/typed_table (b)
-- description: a typed table (CREATE TABLE ... OF type) with its own NOT NULL, default and key is created from its composite type; another table becomes typed, and back
create type point3 as (x float8, y float8, z float8);
create type named as (name text, note text);
create table points of point3 (x not null, z default 0, primary key (x, y));
create table labels of named;
