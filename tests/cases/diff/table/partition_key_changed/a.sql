-- name: table/partition_key_changed (a)
-- description: a partitioned table changes its partition key (the table is rebuilt)
create table m (id int not null, at date not null) partition by range (id);
create table m_1 partition of m for values from (0) to (1000);
