-- name: table/partitioned_new (a)
-- description: a new range-partitioned table with partitions and a default partition
create table other (id int);
