-- name: column/add_drop (a)
-- description: one column added at the end, another dropped
create table t (id int primary key, old text, keep int);
