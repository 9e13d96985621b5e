-- name: index/partial (b)
-- description: a partial index, and a change of its predicate
create table t (id int, status text, deleted boolean);
create index t_live on t (id) where not deleted and status <> 'archived';
create index t_open on t (status) where status = 'open';
