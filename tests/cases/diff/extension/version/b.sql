-- name: extension/version (b)
-- description: an extension is updated to a newer version
create extension hstore version '1.8';
