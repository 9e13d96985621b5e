-- name: column/collation (b)
-- description: a column gets a non-default collation
create table t (a text collate "C", b text collate "POSIX");
