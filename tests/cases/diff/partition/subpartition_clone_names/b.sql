-- name: partition/subpartition_clone_names (b)
-- description: a partitioned index and a unique key created over two levels of partitioning: the clones Postgres makes in the sub-partitions get the target's names (renamed where it chose others), a sub-partition's own matching index is attached rather than duplicated
create table orders (id bigint not null, region text not null, day date not null, total numeric) partition by list (region);
create table orders_eu partition of orders for values in ('eu') partition by range (day);
create table orders_eu_2024 partition of orders_eu for values from ('2024-01-01') to ('2025-01-01');
create table orders_eu_2025 partition of orders_eu for values from ('2025-01-01') to ('2026-01-01');
create table orders_us partition of orders for values in ('us');
create index orders_eu_2025_own on orders_eu_2025 (total);
create index orders_total_idx on orders (total);
alter index orders_eu_2024_total_idx rename to orders_eu_2024_by_total;
alter table orders add constraint orders_key unique (id, region, day);
alter index orders_eu_2024_id_region_day_key rename to orders_eu_2024_key;
