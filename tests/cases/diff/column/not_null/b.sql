-- name: column/not_null (b)
-- description: NOT NULL is set on one column and dropped on another
create table t (a int not null, b int);
