-- sql/introspect/kinds_present.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row: for each query of the database-wide kinds (kinds.h), whether the
-- catalog it reads has a row it could return (a user cast: oid >= 16384; user
-- mappings through the pg_user_mappings view, as only a superuser may read
-- pg_user_mapping itself). The reader skips a query whose catalog has none:
-- it would return no rows, and on a small database planning and running
-- those six queries was about a tenth of the server's time per read.
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/kinds_present.sql
SELECT EXISTS (SELECT FROM pg_catalog.pg_publication) AS publications,
EXISTS (SELECT FROM pg_catalog.pg_event_trigger) AS event_triggers,
EXISTS (SELECT FROM pg_catalog.pg_foreign_data_wrapper) AS foreign_data_wrappers,
EXISTS (SELECT FROM pg_catalog.pg_foreign_server) AS foreign_servers,
EXISTS (SELECT FROM pg_catalog.pg_user_mappings) AS user_mappings,
EXISTS (SELECT FROM pg_catalog.pg_cast c WHERE c.oid >= 16384) AS casts;
