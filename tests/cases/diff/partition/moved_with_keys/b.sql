-- name: partition/moved_with_keys (b)
-- description: a partition with rows moves from a dropped parent with a primary key, a check and an index to a new parent with the same keys
create table accounts (id int primary key);
create table orders (id int not null, acct int references accounts (id), region text not null check (region <> ''), primary key (id, region)) partition by list (region);
create index orders_acct on orders (acct);
create table orders_eu partition of orders for values in ('eu');
