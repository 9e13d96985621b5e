-- name: table/partition_key_changed (b)
-- description: a partitioned table changes its partition key (the table is rebuilt)
create table m (id int not null, at date not null) partition by range (at);
create table m_1 partition of m for values from ('2020-01-01') to ('2030-01-01');
