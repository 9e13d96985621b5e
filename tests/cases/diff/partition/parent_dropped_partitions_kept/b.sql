-- name: partition/parent_dropped_partitions_kept (b)
-- description: a partitioned parent goes away while its partitions (with rows) stay as plain tables
create table events_2025 (id int not null, at date not null, note text);
create table events_2026 (id int not null, at date not null, note text);
