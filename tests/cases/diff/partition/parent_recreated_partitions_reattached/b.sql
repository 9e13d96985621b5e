-- name: partition/parent_recreated_partitions_reattached (b)
-- description: a partitioned parent is recreated with a new partition key; its partitions are kept with new bounds
create table r (id int not null, kind text not null) partition by range (id);
create table r_a partition of r for values from (0) to (100);
create table r_b partition of r for values from (100) to (200);
