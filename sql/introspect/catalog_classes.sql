-- sql/introspect/catalog_classes.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per system catalog table: its oid and name (oid, name). pg_depend and
-- pg_description rows carry catalog oids; this turns them into names.
--
-- Parameters: none. By hand: psql -f sql/introspect/catalog_classes.sql DBNAME
SELECT c.oid::text AS oid, c.relname::text AS name FROM pg_catalog.pg_class c
WHERE c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.relkind = 'r';
