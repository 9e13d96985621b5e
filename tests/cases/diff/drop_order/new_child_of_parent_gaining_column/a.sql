-- name: drop_order/new_child_of_parent_gaining_column (a)
-- description: a parent gains a column and new children (two levels) inherit it: the column is added to the parent before the children are created, so their column order matches
create table measurements (taken_at timestamptz not null);
