-- name: dependency/partition_of_new_parent (b)
-- description: a table that becomes a partition of a new partitioned table
create table measurements (at date not null, v int) partition by range (at);
create table measurements_2024 partition of measurements for values from ('2024-01-01') to ('2025-01-01');
