-- name: partition/moved_with_keys (a)
-- description: a partition with rows moves from a dropped parent with a primary key, a check and an index to a new parent with the same keys
create table accounts (id int primary key);
create table old_orders (id int not null, acct int references accounts (id), region text not null check (region <> ''), primary key (id, region)) partition by list (region);
create index old_orders_acct on old_orders (acct);
create table orders_eu partition of old_orders for values in ('eu');
insert into accounts values (1);
insert into old_orders values (1, 1, 'eu');
