-- name: partition/attach_local_index (b)
-- description: a partition's own index becomes the clone of a new index on the partitioned parent: kept and attached by the parent's CREATE INDEX, not dropped and built again under another name
create table readings (site int not null, taken date not null, val numeric) partition by range (taken);
create table readings_2023 partition of readings for values from ('2023-01-01') to ('2024-01-01');
create table readings_2024 partition of readings for values from ('2024-01-01') to ('2025-01-01');
create index r2023_site on readings_2023 (site);
create index readings_site on readings (site);
