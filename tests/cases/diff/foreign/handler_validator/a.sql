-- name: foreign/handler_validator (a)
-- description: a wrapper gets a handler and a validator (C functions of postgres_fdw's library), and loses them the other way
create function remote_handler() returns fdw_handler language c strict as '$libdir/postgres_fdw', 'postgres_fdw_handler';
create function remote_validator(text[], oid) returns void language c strict as '$libdir/postgres_fdw', 'postgres_fdw_validator';
create foreign data wrapper remote;
create server far foreign data wrapper remote options (host 'db.example', dbname 'app');
