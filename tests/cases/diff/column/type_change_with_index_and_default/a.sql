-- name: column/type_change_with_index_and_default (a)
-- description: a column with an index, a default and a check changes type
create table t (id int, code int default 0 check (code >= 0));
create index t_code on t (code);
