-- name: extension/downgrade_unused (a)
-- description: an extension nothing uses goes back to an older version (no downgrade script exists): dropped and created at that version; the other way it is updated
create extension pg_trgm version '1.6';
create table words (w text);
