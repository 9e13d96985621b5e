-- name: dependency/enum_type_change_under_view (a)
-- description: an enum loses a value while a view and a function depend on the column
create type state as enum ('a', 'b', 'c');
create table t (s state);
create view v as select s from t where s <> 'c';
