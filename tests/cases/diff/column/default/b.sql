-- name: column/default (b)
-- description: defaults are added, changed and dropped
create sequence s;
create table t (a int default 2, b text default 'none', c timestamptz, d int default nextval('s'));
