-- name: drop_order/key_dropped_with_referencing_table (b)
-- description: a kept table loses its primary key and a unique constraint while the tables whose foreign keys use them (in another schema) are dropped: the referencing tables go first
create schema billing;
create table public.accounts (id int, code text, name text);
