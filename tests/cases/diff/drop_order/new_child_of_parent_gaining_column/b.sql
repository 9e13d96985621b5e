-- name: drop_order/new_child_of_parent_gaining_column (b)
-- description: a parent gains a column and new children (two levels) inherit it: the column is added to the parent before the children are created, so their column order matches
create table measurements (taken_at timestamptz not null, sensor text default 'unknown');
create table measurements_2024 (reading numeric) inherits (measurements);
create table measurements_2024_q1 (flag boolean) inherits (measurements_2024);
