-- name: publication/add_drop (a)
-- description: publications added, dropped and given more tables; a publication of a schema
create schema app;
create table t1 (id int primary key, name text);
create table t2 (id int primary key, body text);
create table app.events (id bigint primary key, kind text);
create publication p1 for table t1;
create publication p_old for all tables;
comment on publication p1 is 'first';
