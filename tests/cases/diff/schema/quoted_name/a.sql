-- name: schema/quoted_name (a)
-- description: a schema and table whose names need quoting
create schema "My Schema";
