-- sql/introspect/columns.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Columns of the relations and composite types of the included schemas
-- (attnum > 0, not dropped), ordered by relation and attnum: type, not null,
-- identity, generated, default (and its pg_attrdef oid), collation when not the
-- type's, acl, statistics target, storage when not the type's, attribute
-- options (n_distinct...), a foreign table column's FDW options (JSON array of
-- "name=value" in their stored order).
--
-- A default is deparsed without its table (pg_get_expr's second argument 0): it
-- cannot name a column, and a table given there is opened (its relcache entry
-- built) and a column-name context made for each call, which made this the
-- costliest query of the read. A generated column's expression names columns:
-- it gets its table.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/columns.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT a.attrelid::text AS relid, c.relkind, a.attname, a.attnum,
pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, a.attidentity, a.attgenerated,
a.attislocal, a.attinhcount, d.oid::text AS defoid, pg_catalog.pg_get_expr(d.adbin, CASE WHEN a.attgenerated <> '' THEN d.adrelid ELSE 0 END) AS def,
CASE WHEN a.attcollation <> t.typcollation THEN
  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
   WHERE co.oid = a.attcollation) END AS collation,
pg_catalog.to_json(a.attacl::text[]) AS acl, NULL::text AS comment,
NULLIF(a.attstattarget, -1) AS stattarget,
CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
pg_catalog.to_json(a.attoptions) AS attoptions, pg_catalog.to_json(a.attfdwoptions) AS fdwoptions
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
AND a.attnum > 0 AND NOT a.attisdropped
AND c.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.deptype = 'e')
ORDER BY a.attrelid, a.attnum;
