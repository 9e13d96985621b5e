-- name: partition/rls_per_partition (b)
-- description: row level security enabled and forced on one partition only, with a policy of its own, and on a new partition
create table docs (tenant int not null, body text) partition by list (tenant);
create table docs_1 partition of docs for values in (1);
create table docs_2 partition of docs for values in (2);
alter table docs_2 enable row level security;
alter table docs_2 force row level security;
create policy docs_2_own on docs_2 using (tenant = 2);
create table docs_3 partition of docs for values in (3);
alter table docs_3 enable row level security;
