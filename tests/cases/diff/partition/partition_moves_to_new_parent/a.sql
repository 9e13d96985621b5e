-- name: partition/partition_moves_to_new_parent (a)
-- description: a partition moves to a new parent that replaces its old one; another becomes a plain table
create table old_parent (id int not null, region text not null) partition by list (region);
create table part_eu partition of old_parent for values in ('eu');
create table part_us partition of old_parent for values in ('us');
insert into old_parent values (1, 'eu'), (2, 'us');
