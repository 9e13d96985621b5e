-- name: partition/parent_recreated_partitions_reattached (a)
-- description: a partitioned parent is recreated with a new partition key; its partitions are kept with new bounds
create table r (id int not null, kind text not null) partition by list (kind);
create table r_a partition of r for values in ('a');
create table r_b partition of r for values in ('b');
