-- sql/introspect/types.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Enums, domains, ranges, free-standing composites and base types (base types
-- are reported unsupported) of the included schemas, not owned by an extension;
-- array types are left out. One row per type with the fields of each family
-- (labels, basetype, subtype, ...; NULL where they do not apply).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/types.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT t.oid::text AS oid, t.typnamespace::text AS nsp, t.typname, t.typtype, t.typarray::text AS typarray,
t.typrelid::text AS typrelid, pg_catalog.pg_get_userbyid(t.typowner) AS owner,
pg_catalog.to_json(COALESCE(t.typacl, pg_catalog.acldefault('T'::"char", t.typowner))::text[]) AS acl,
NULL::text AS comment,
CASE WHEN t.typtype = 'e' THEN (SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder)
  FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) END AS labels,
CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS basetype,
t.typnotnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS typdefault,
CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN
  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
   WHERE co.oid = t.typcollation) END AS collation,
pg_catalog.format_type(rg.rngsubtype, NULL) AS subtype,
(SELECT pg_catalog.quote_ident(on_.nspname) || '.' || pg_catalog.quote_ident(oc.opcname)
   FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.opcnamespace
   WHERE oc.oid = rg.rngsubopc AND NOT oc.opcdefault) AS subopc,
(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
   WHERE co.oid = rg.rngcollation AND rg.rngcollation <> st.typcollation) AS rngcollation,
NULLIF(rg.rngcanonical, 0)::regproc::text AS canonical, NULLIF(rg.rngsubdiff, 0)::regproc::text AS subdiff,
(SELECT pg_catalog.quote_ident(mt.typname) FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid) AS multirange
FROM pg_catalog.pg_type t
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid
LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype
LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
WHERE t.typnamespace = ANY($1::oid[]) AND t.typtype IN ('e', 'd', 'r', 'c', 'b')
AND (t.typtype <> 'c' OR c.relkind = 'c')
AND (t.typtype <> 'b' OR (t.typelem = 0 OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el
     WHERE el.oid = t.typelem AND el.typarray = t.oid)))
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND e.deptype = 'e');
