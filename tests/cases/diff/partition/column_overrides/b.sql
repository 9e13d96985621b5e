-- name: partition/column_overrides (b)
-- description: partitions with their own column defaults and NOT NULL over the parent's columns: set on kept partitions, declared with WITH OPTIONS on a new one
create table jobs (id int not null, state text, prio int) partition by list (state);
create table jobs_new partition of jobs (prio default 5 not null) for values in ('new');
create table jobs_done partition of jobs for values in ('done');
alter table jobs_done alter column prio set default 0;
create table jobs_held partition of jobs (prio default 1, state not null) for values in ('held');
