-- name: index/method (b)
-- description: index methods: hash, gin, brin, gist, and a method change
create table t (id int, tags text[], at timestamptz, r int4range);
create index t_id on t using hash (id);
create index t_tags on t using gin (tags);
create index t_at on t using brin (at) with (pages_per_range = 32);
create index t_r on t using gist (r);
