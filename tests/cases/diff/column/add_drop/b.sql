-- name: column/add_drop (b)
-- description: one column added at the end, another dropped
create table t (id int primary key, keep int, added boolean default true not null);
