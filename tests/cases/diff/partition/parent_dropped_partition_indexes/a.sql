-- name: partition/parent_dropped_partition_indexes (a)
-- description: a partitioned parent with a primary key and an index goes away; its partitions stay with their own keys
create table m (id int, at date, primary key (id, at)) partition by range (at);
create index m_at on m (at);
create table m_1 partition of m for values from ('2025-01-01') to ('2026-01-01');
