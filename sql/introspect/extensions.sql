-- sql/introspect/extensions.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Extensions installed in an included schema or in pg_catalog: oid, extname,
-- nspname, extversion, comment.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/extensions.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT e.oid::text AS oid, e.extname, n.nspname, e.extversion,
NULL::text AS comment
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extnamespace = ANY($1::oid[]) OR e.extnamespace = 'pg_catalog'::pg_catalog.regnamespace;
