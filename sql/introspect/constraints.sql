-- sql/introspect/constraints.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Table and domain constraints of the included schemas (not constraint
-- triggers): definition, local/inherited, parent constraint, and for a foreign
-- key the referenced table (fnsp, frel).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/constraints.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT con.oid::text AS oid, con.connamespace::text AS nsp, con.conname, con.contype,
con.conrelid::text AS relid, con.contypid::text AS typid, pg_catalog.pg_get_constraintdef(con.oid) AS def,
con.conislocal, con.coninhcount, con.conparentid::text AS parentid,
NULL::text AS comment,
fn.nspname AS fnsp, fc.relname AS frel
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.connamespace = ANY($1::oid[]) AND con.contype <> 't'
AND con.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND e.deptype = 'e');
