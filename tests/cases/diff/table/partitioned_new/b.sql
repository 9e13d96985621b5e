-- name: table/partitioned_new (b)
-- description: a new range-partitioned table with partitions and a default partition
create table other (id int);
create table events (id bigint not null, at date not null, kind text) partition by range (at);
create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');
create table events_default partition of events default;
