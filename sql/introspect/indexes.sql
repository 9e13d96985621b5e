-- sql/introspect/indexes.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Indexes of the included schemas: definition, the constraint an index backs
-- (conoid), whether it is a partition's child index and its parent index,
-- reloptions, validity (false after a failed CREATE INDEX CONCURRENTLY, or for
-- a partitioned index not attached on every partition).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/indexes.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT x.indexrelid::text AS oid, ci.relnamespace::text AS nsp, ci.relname, x.indrelid::text AS relid,
pg_catalog.pg_get_indexdef(x.indexrelid) AS def, NULL::text AS comment,
(SELECT con.oid::text FROM pg_catalog.pg_constraint con WHERE con.conindid = x.indexrelid
   AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')) AS conoid,
EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = x.indexrelid) AS is_child,
(SELECT h.inhparent::text FROM pg_catalog.pg_inherits h WHERE h.inhrelid = x.indexrelid) AS parent_index,
pg_catalog.to_json(ci.reloptions) AS options, x.indisvalid
FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid
WHERE ci.relnamespace = ANY($1::oid[])
AND x.indexrelid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.deptype = 'e');
