-- name: extension/add_drop (a)
-- description: an extension is created (in a schema) and another dropped
create extension pg_trgm;
