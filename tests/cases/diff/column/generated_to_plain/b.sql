-- name: column/generated_to_plain (b)
-- description: a generated column becomes a plain column
create table t (a int, b int);
