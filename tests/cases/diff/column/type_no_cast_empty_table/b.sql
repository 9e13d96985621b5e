-- name: column/type_no_cast_empty_table (b)
-- description: columns of an empty table change to types Postgres has no cast to (bigint to timestamp, boolean to date)
create table t (id int, created timestamp, flag date, note text);
