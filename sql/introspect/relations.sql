-- sql/introspect/relations.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Tables, partitioned tables, views, materialized views and foreign tables
-- of the included schemas, not owned by an extension: owner, acl, options,
-- partitioning, parents (JSON), view definition, clustered and replica
-- identity index, access method; a foreign table's server and its options
-- (JSON array of "name=value" in their stored order).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/relations.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT c.oid::text AS oid, c.relnamespace::text AS nsp, c.relname, c.relkind, c.relpersistence,
c.relispartition, c.reltype::text AS reltype, c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
pg_catalog.pg_get_userbyid(c.relowner) AS owner,
pg_catalog.to_json(COALESCE(c.relacl, pg_catalog.acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char",
  c.relowner))::text[]) AS acl,
pg_catalog.to_json(c.reloptions) AS options,
CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkey,
CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partbound,
CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END AS oftype,
(SELECT pg_catalog.json_agg(pg_catalog.json_build_array(pn.nspname, pc.relname) ORDER BY i.inhseqno)
   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parents,
CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS viewdef,
(SELECT ci.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid
   WHERE x.indrelid = c.oid AND x.indisclustered) AS clustered,
(SELECT ci.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid
   WHERE x.indrelid = c.oid AND x.indisreplident) AS replident_index,
am.amname, NULL::text AS comment, fs.srvname AS server, pg_catalog.to_json(ft.ftoptions) AS ftoptions
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
AND c.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.deptype = 'e');
