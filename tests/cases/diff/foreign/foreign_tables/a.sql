-- name: foreign/foreign_tables (a)
-- description: foreign tables created, dropped, altered (columns added, dropped and retyped, table and column OPTIONS added, set and dropped, NOT NULL, defaults, check constraints), moved to another server, made from a plain table; comments, owner, privileges, a view over one
-- roles: graft_ft_reader
create foreign data wrapper ft_wrapper;
create server ft_s1 foreign data wrapper ft_wrapper options (host 'one.example');
create server ft_s2 foreign data wrapper ft_wrapper;
create schema remote;
create foreign table remote.orders (
    id integer options (column_name 'order_id'),
    customer text not null,
    note text options (column_name 'remark', kind 'free'),
    total numeric(10,2)
) server ft_s1 options (schema_name 'sales', table_name 'orders', fetch_size '100');
create foreign table remote.gone (x integer) server ft_s1;
create foreign table remote.moves (x integer, y text) server ft_s1 options (table_name 'm');
create table remote.becomes_foreign (a integer, b text);
create foreign table remote.reordered (a integer, b text, c date) server ft_s2;
create view remote.order_ids as select id from remote.orders;
comment on foreign table remote.moves is 'on server one';
