-- name: dependency/drop_column_then_type (b)
-- description: a column and the enum type it uses both go away
create table t (id int);
