-- name: drop_order/rebuilt_child_parent_dropped (a)
-- description: a child with rows moves from a parent that goes away (its serial default uses the parent's owned sequence) to another parent, so it is rebuilt; the old child must stop inheriting before the parent is dropped
create table audit_base (id serial, created_at timestamptz default now());
create table stamp_base (stamped date);
create table events (kind text not null, payload jsonb) inherits (audit_base);
insert into events (kind) values ('signup'), ('login');
