-- name: extension/downgrade_unused (b)
-- description: an extension nothing uses goes back to an older version (no downgrade script exists): dropped and created at that version; the other way it is updated
create extension pg_trgm version '1.4';
create table words (w text);
