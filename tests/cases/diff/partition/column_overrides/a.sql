-- name: partition/column_overrides (a)
-- description: partitions with their own column defaults and NOT NULL over the parent's columns: set on kept partitions, declared with WITH OPTIONS on a new one
create table jobs (id int not null, state text, prio int) partition by list (state);
create table jobs_new partition of jobs for values in ('new');
create table jobs_done partition of jobs for values in ('done');
