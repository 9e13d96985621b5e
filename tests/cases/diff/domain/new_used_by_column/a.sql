-- name: domain/new_used_by_column (a)
-- description: a new domain used by a new column
create table t (id int);
