-- name: table/partition_bound_changed (a)
-- description: a partition's bounds change (detach and reattach)
create table h (id int not null, v text) partition by range (id);
create table h_low partition of h for values from (0) to (100);
