-- sql/introspect/sequences.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Sequences of the included schemas with their options, owner, acl, and the
-- column that owns them (deptype 'a': OWNED BY; 'i': an identity column's).
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/sequences.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT c.oid::text AS oid, c.relnamespace::text AS nsp, c.relname,
pg_catalog.format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS inc,
s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle,
c.relpersistence, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
pg_catalog.to_json(COALESCE(c.relacl, pg_catalog.acldefault('s'::"char", c.relowner))::text[]) AS acl,
NULL::text AS comment,
d.deptype, d.refobjid::text AS owner_rel, a.attname AS owner_col,
on_.nspname AS owner_nsp, oc.relname AS owner_relname
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
LEFT JOIN pg_catalog.pg_class oc ON oc.oid = d.refobjid
LEFT JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.relnamespace
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind = 'S'
AND c.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.deptype = 'e');
