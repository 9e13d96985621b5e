-- name: partition/key_over_local_keys (b)
-- description: a primary key added on a partitioned table whose partition already has a matching primary key of its own (kept as the clone, under its name) and another a unique index (which stays apart)
create table orders (id int not null, region text not null) partition by list (region);
create table orders_eu partition of orders for values in ('eu');
create table orders_us partition of orders for values in ('us');
alter table orders_eu add constraint orders_eu_pk primary key (id, region);
create unique index orders_us_ux on orders_us (id, region);
alter table orders add constraint orders_pk primary key (id, region);
