-- name: partition/parent_dropped_partitions_kept (a)
-- description: a partitioned parent goes away while its partitions (with rows) stay as plain tables
create table events (id int not null, at date not null, note text) partition by range (at);
create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');
create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01');
insert into events values (1, '2025-05-01', 'a'), (2, '2026-05-01', 'b');
