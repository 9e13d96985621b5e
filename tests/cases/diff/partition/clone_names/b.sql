-- name: partition/clone_names (b)
-- description: the clones of a partitioned index and of a partitioned unique key carry names of their own: a kept clone is renamed, a new partition's clones get the target's names
create table events (id bigint not null, kind text not null, at date not null) partition by range (at);
create index events_kind_idx on events (kind);
alter table events add constraint events_id_at_key unique (id, at);
create table events_2023 partition of events for values from ('2023-01-01') to ('2024-01-01');
create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
alter index events_2023_kind_idx rename to ev23_kind;
alter index events_2024_kind_idx rename to ev24_kind;
alter index events_2024_id_at_key rename to ev24_key;
