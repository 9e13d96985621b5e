-- name: partition/rls_per_partition (a)
-- description: row level security enabled and forced on one partition only, with a policy of its own, and on a new partition
create table docs (tenant int not null, body text) partition by list (tenant);
create table docs_1 partition of docs for values in (1);
create table docs_2 partition of docs for values in (2);
