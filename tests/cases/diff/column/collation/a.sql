-- name: column/collation (a)
-- description: a column gets a non-default collation
create table t (a text, b text collate "C");
