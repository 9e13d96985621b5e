-- name: partition/partition_moves_to_new_parent (b)
-- description: a partition moves to a new parent that replaces its old one; another becomes a plain table
create table new_parent (id int not null, region text not null) partition by list (region);
create table part_eu partition of new_parent for values in ('eu', 'uk');
create table part_us (id int not null, region text not null);
