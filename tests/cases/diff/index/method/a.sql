-- name: index/method (a)
-- description: index methods: hash, gin, brin, gist, and a method change
create table t (id int, tags text[], at timestamptz, r int4range);
create index t_id on t using btree (id);
