-- sql/introspect/extension_members.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Every object that belongs to an extension (pg_depend deptype 'e'): catalog
-- oid, object oid, extension oid. Such objects stand for their extension.
--
-- Parameters: none. By hand: psql -f sql/introspect/extension_members.sql DBNAME
SELECT d.classid::text AS cls, d.objid::text AS objid, d.refobjid::text AS ext
FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e';
