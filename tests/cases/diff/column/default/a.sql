-- name: column/default (a)
-- description: defaults are added, changed and dropped
create sequence s;
create table t (a int default 1, b text, c timestamptz default now(), d int default nextval('s'));
