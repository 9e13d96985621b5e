-- name: publication/add_drop (b)
-- description: publications added, dropped and given more tables; a publication of a schema
create schema app;
create table t1 (id int primary key, name text);
create table t2 (id int primary key, body text);
create table app.events (id bigint primary key, kind text);
create publication p1 for table t1, t2;
create publication p_new for tables in schema app;
comment on publication p1 is 'first and second';
