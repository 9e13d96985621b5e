-- sql/introspect/triggers.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- User triggers (not internal, not cloned into partitions) on relations of the
-- included schemas: table oid, name, definition, enabled state.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/triggers.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT t.oid::text AS oid, t.tgrelid::text AS relid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def,
t.tgenabled, NULL::text AS comment
FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace = ANY($1::oid[]) AND NOT t.tgisinternal AND t.tgparentid = 0
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND e.deptype = 'e');
