-- sql/introspect/comments.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Comments on user objects and on schemas: catalog oid, object oid, sub-id,
-- description.
--
-- Parameters: none. By hand: psql -f sql/introspect/comments.sql DBNAME
SELECT d.classoid::text AS cls, d.objoid::text AS oid, d.objsubid, d.description
FROM pg_catalog.pg_description d WHERE d.objoid >= 16384 OR d.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass;
