-- name: column/type_no_cast_empty_table (a)
-- description: columns of an empty table change to types Postgres has no cast to (bigint to timestamp, boolean to date)
create table t (id int, created bigint, flag boolean, note text);
