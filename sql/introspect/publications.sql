-- sql/introspect/publications.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per publication (publications belong to the database, not to a
-- schema): oid, pubname, owner, puballtables, publish (the published
-- operations as CREATE PUBLICATION's publish option spells them), pubviaroot,
-- tables (JSON array of {oid, schema, table, columns, where}: the
-- pg_publication_rel rows, with the column list by name in column order and
-- the row filter as pg_get_expr prints it, sorted by schema and table) and
-- schemas (JSON array of {oid, schema}: the pg_publication_namespace rows).
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/publications.sql
SELECT p.oid::text AS oid, p.pubname, pg_catalog.pg_get_userbyid(p.pubowner) AS owner, p.puballtables,
pg_catalog.concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
  CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END) AS publish,
p.pubviaroot,
(SELECT pg_catalog.json_agg(pg_catalog.json_build_object('oid', r.oid::text, 'schema', n.nspname, 'table', c.relname,
   'columns', (SELECT pg_catalog.json_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
               WHERE a.attrelid = r.prrelid AND a.attnum = ANY(r.prattrs::pg_catalog.int2[])),
   'where', pg_catalog.pg_get_expr(r.prqual, r.prrelid)) ORDER BY n.nspname, c.relname)
 FROM pg_catalog.pg_publication_rel r JOIN pg_catalog.pg_class c ON c.oid = r.prrelid
 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE r.prpubid = p.oid) AS tables,
(SELECT pg_catalog.json_agg(pg_catalog.json_build_object('oid', s.oid::text, 'schema', n.nspname) ORDER BY n.nspname)
 FROM pg_catalog.pg_publication_namespace s JOIN pg_catalog.pg_namespace n ON n.oid = s.pnnspid
 WHERE s.pnpubid = p.oid) AS schemas
FROM pg_catalog.pg_publication p ORDER BY p.pubname;
