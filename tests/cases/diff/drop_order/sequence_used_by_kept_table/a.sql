-- name: drop_order/sequence_used_by_kept_table (a)
-- description: a dropped table used a sequence that a kept table goes on using
create sequence a_seq;
create table a_gone (id bigint default nextval('a_seq'));
create table z_keep (id bigint default nextval('a_seq'));
