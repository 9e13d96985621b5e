-- sql/introspect/statistics.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Extended statistics objects of the included schemas: definition, target.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/statistics.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT s.oid::text AS oid, s.stxnamespace::text AS nsp, s.stxname, s.stxrelid::text AS relid,
pg_catalog.pg_get_statisticsobjdef(s.oid) AS def, s.stxstattarget,
NULL::text AS comment
FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace = ANY($1::oid[])
AND s.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass AND e.deptype = 'e');
