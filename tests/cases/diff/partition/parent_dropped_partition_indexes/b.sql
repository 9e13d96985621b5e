-- name: partition/parent_dropped_partition_indexes (b)
-- description: a partitioned parent with a primary key and an index goes away; its partitions stay with their own keys
create table m_1 (id int not null, at date not null);
alter table m_1 add constraint m_1_pkey primary key (id, at);
create index m_1_at_idx on m_1 (at);
