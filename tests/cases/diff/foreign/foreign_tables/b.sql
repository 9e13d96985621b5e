-- name: foreign/foreign_tables (b)
-- description: foreign tables created, dropped, altered (columns added, dropped and retyped, table and column OPTIONS added, set and dropped, NOT NULL, defaults, check constraints), moved to another server, made from a plain table; comments, owner, privileges, a view over one
-- roles: graft_ft_reader
create foreign data wrapper ft_wrapper;
create server ft_s1 foreign data wrapper ft_wrapper options (host 'one.example');
create server ft_s2 foreign data wrapper ft_wrapper;
create server ft_s3 foreign data wrapper ft_wrapper options (host 'three.example');
create schema remote;
create foreign table remote.orders (
    id bigint options (column_name 'id', kind 'key'),
    customer text,
    total numeric(12,2) default 0 not null,
    placed date options (column_name 'placed_on'),
    constraint total_positive check (total >= 0)
) server ft_s1 options (schema_name 'sales', table_name 'orders_v2', use_remote_estimate 'true');
create foreign table remote.moves (x integer, y text) server ft_s2 options (table_name 'm');
create foreign table remote.becomes_foreign (a integer, b text) server ft_s1;
create foreign table remote.reordered (c date, a integer, b text) server ft_s2;
create foreign table remote.added (
    k text options (column_name 'key') collate "C",
    v jsonb
) server ft_s3 options (table_name 'kv');
create view remote.order_ids as select id from remote.orders;
comment on foreign table remote.orders is 'orders, read from the sales database';
comment on column remote.orders.placed is 'day placed';
comment on foreign table remote.moves is 'on server two';
grant select on remote.orders to graft_ft_reader;
grant select (k), insert on remote.added to graft_ft_reader;
alter foreign table remote.added owner to graft_ft_reader;
