-- name: column/generated_to_plain (a)
-- description: a generated column becomes a plain column
create table t (a int, b int generated always as (a + 1) stored);
