-- name: drop_order/partitioned_with_partitions (b)
-- description: a partitioned table, its partitions, a partitioned index and a foreign key to it all go away
create table keep (id int);
