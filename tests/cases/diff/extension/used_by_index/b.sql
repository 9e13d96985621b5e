-- name: extension/used_by_index (b)
-- description: an extension's operator class used by a new index
create extension pg_trgm;
create table t (name text);
create index t_name_trgm on t using gin (name gin_trgm_ops);
