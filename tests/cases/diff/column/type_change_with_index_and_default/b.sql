-- name: column/type_change_with_index_and_default (b)
-- description: a column with an index, a default and a check changes type
create table t (id int, code text default '0' check (code <> ''));
create index t_code on t (code);
