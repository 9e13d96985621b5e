-- name: column/generated (a)
-- description: a stored generated column is added and another's expression changes
create table t (w int, h int, area int generated always as (w * h) stored);
