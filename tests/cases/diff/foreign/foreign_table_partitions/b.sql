-- name: foreign/foreign_table_partitions (b)
-- description: foreign tables as partitions of a partitioned table and as inheritance children: created with their bound, column OPTIONS on inherited columns, detached to stand alone, a new column arriving from the parent
create foreign data wrapper ftp_wrapper;
create server ftp_archive foreign data wrapper ftp_wrapper;
create table events (id bigint not null, at date not null, payload text, source text) partition by range (at);
create table events_current partition of events for values from ('2025-01-01') to (maxvalue);
create foreign table events_2023 partition of events for values from ('2023-01-01') to ('2024-01-01')
    server ftp_archive options (table_name 'events_2023');
create foreign table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01')
    server ftp_archive options (table_name 'events_2024');
alter foreign table events_2024 alter column payload options (add column_name 'body');
create foreign table events_2022 (id bigint not null, at date not null, payload text, source text)
    server ftp_archive options (table_name 'events_2022');
create table base_log (id integer, msg text, level smallint);
create foreign table remote_log (origin text) inherits (base_log) server ftp_archive;
alter foreign table remote_log alter column msg options (add column_name 'message');
