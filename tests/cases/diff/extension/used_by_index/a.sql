-- name: extension/used_by_index (a)
-- description: an extension's operator class used by a new index
create table t (name text);
