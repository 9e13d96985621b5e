-- name: table/partition_added (a)
-- description: a list partition is added to an existing partitioned table and one removed
create table m (region text not null, id int not null) partition by list (region);
create table m_eu partition of m for values in ('eu');
create table m_us partition of m for values in ('us');
