-- name: dependency/drop_column_then_type (a)
-- description: a column and the enum type it uses both go away
create type kind as enum ('a', 'b');
create table t (id int, k kind, ks kind[]);
