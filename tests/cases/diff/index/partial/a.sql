-- name: index/partial (a)
-- description: a partial index, and a change of its predicate
create table t (id int, status text, deleted boolean);
create index t_live on t (id) where not deleted;
