-- name: drop_order/key_dropped_with_referencing_table (a)
-- description: a kept table loses its primary key and a unique constraint while the tables whose foreign keys use them (in another schema) are dropped: the referencing tables go first
create schema billing;
create table public.accounts (id int primary key, code text constraint accounts_code_key unique, name text);
create table billing.invoices (no int, account_id int references public.accounts (id));
create table billing.ledger (line int, account_code text references public.accounts (code) on delete cascade);
