-- name: publication/options (b)
-- description: the published operations and publish_via_partition_root change; the owner changes
-- roles: graft_pub_owner
create table m (id int, at date not null) partition by range (at);
create table m_2024 partition of m for values from ('2024-01-01') to ('2025-01-01');
create publication metrics for table m with (publish = 'insert, truncate', publish_via_partition_root = true);
alter publication metrics owner to graft_pub_owner;
