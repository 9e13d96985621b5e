-- sql/introspect/unsupported.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One text row (what) per object of a kind graft does not model: operators,
-- text search configurations and dictionaries, operator classes and families,
-- conversions. (Event triggers, publications, foreign-data wrappers,
-- servers, user mappings and casts are modelled: src/introspect/kinds.cc.)
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/unsupported.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT 'operator ' || o.oid::regoperator::text AS what FROM pg_catalog.pg_operator o
  WHERE o.oprnamespace = ANY($1::oid[])
AND o.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND e.deptype = 'e')
UNION ALL SELECT 'text search configuration ' || t.cfgname FROM pg_catalog.pg_ts_config t
  WHERE t.cfgnamespace = ANY($1::oid[])
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_ts_config'::pg_catalog.regclass AND e.deptype = 'e')
UNION ALL SELECT 'text search dictionary ' || t.dictname FROM pg_catalog.pg_ts_dict t
  WHERE t.dictnamespace = ANY($1::oid[])
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_ts_dict'::pg_catalog.regclass AND e.deptype = 'e')
UNION ALL SELECT 'operator class ' || t.opcname FROM pg_catalog.pg_opclass t
  WHERE t.opcnamespace = ANY($1::oid[])
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND e.deptype = 'e')
UNION ALL SELECT 'operator family ' || t.opfname FROM pg_catalog.pg_opfamily t
  WHERE t.opfnamespace = ANY($1::oid[])
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND e.deptype = 'e')
UNION ALL SELECT 'conversion ' || t.conname FROM pg_catalog.pg_conversion t
  WHERE t.connamespace = ANY($1::oid[])
AND t.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_conversion'::pg_catalog.regclass AND e.deptype = 'e');
