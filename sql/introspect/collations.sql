-- sql/introspect/collations.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Collations of the included schemas that no extension owns: oid, nsp, collname,
-- provider, collate/ctype/icu locale, deterministic, owner, comment.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/collations.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT c.oid::text AS oid, c.collnamespace::text AS nsp, c.collname, c.collprovider, c.collcollate, c.collctype,
c.colliculocale, c.collisdeterministic, pg_catalog.pg_get_userbyid(c.collowner) AS owner,
NULL::text AS comment
FROM pg_catalog.pg_collation c WHERE c.collnamespace = ANY($1::oid[])
AND c.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass AND e.deptype = 'e');
