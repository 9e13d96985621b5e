-- sql/introspect/rules.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Rewrite rules on relations of the included schemas (including views'
-- _RETURN rules, which the reader maps to the view itself: their definition,
-- the view's, is left NULL).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/rules.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT w.oid::text AS oid, w.ev_class::text AS relid, w.rulename, CASE WHEN w.rulename <> '_RETURN' THEN pg_catalog.pg_get_ruledef(w.oid) END AS def,
w.ev_enabled, NULL::text AS comment
FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class c ON c.oid = w.ev_class
WHERE c.relnamespace = ANY($1::oid[])
AND w.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND e.deptype = 'e');
