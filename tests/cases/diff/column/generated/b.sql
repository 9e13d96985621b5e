-- name: column/generated (b)
-- description: a stored generated column is added and another's expression changes
create table t (w int, h int, area int generated always as (w * h * 2) stored, perimeter int generated always as (2 * (w + h)) stored);
