-- sql/introspect/indexes.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Indexes of the included schemas: definition (only of an index that backs no
-- constraint and is no partition's child index: the reader uses no other, and
-- pg_get_indexdef is the costliest call of the read), the constraint an index
-- backs (conoid; a key's index backs one constraint at most), whether it is a
-- partition's child index and its parent index (an index has one at most),
-- reloptions, validity (false after a failed CREATE INDEX CONCURRENTLY, or for
-- a partitioned index not attached on every partition).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/indexes.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT x.indexrelid::text AS oid, ci.relnamespace::text AS nsp, ci.relname, x.indrelid::text AS relid,
CASE WHEN con.oid IS NULL AND h.inhparent IS NULL THEN pg_catalog.pg_get_indexdef(x.indexrelid) END AS def,
NULL::text AS comment, con.oid::text AS conoid, h.inhparent IS NOT NULL AS is_child,
h.inhparent::text AS parent_index, pg_catalog.to_json(ci.reloptions) AS options, x.indisvalid
FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid
LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
  AND con.contype IN ('p', 'u', 'x')
LEFT JOIN pg_catalog.pg_inherits h ON h.inhrelid = x.indexrelid
WHERE ci.relnamespace = ANY($1::oid[])
AND x.indexrelid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.deptype = 'e');
