-- name: column/not_null (a)
-- description: NOT NULL is set on one column and dropped on another
create table t (a int, b int not null);
