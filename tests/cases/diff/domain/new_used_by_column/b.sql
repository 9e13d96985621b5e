-- name: domain/new_used_by_column (b)
-- description: a new domain used by a new column
create domain percent as numeric(5,2) check (value between 0 and 100);
create table t (id int, p percent);
