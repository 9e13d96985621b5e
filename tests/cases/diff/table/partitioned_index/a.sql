-- name: table/partitioned_index (a)
-- description: an index on a partitioned table propagates to its partitions
create table p (id int not null, k text) partition by hash (id);
create table p0 partition of p for values with (modulus 2, remainder 0);
create table p1 partition of p for values with (modulus 2, remainder 1);
