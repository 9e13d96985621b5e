-- name: dependency/partition_of_new_parent (a)
-- description: a table that becomes a partition of a new partitioned table
create table measurements_2024 (at date not null, v int);
