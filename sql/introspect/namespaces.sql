-- sql/introspect/namespaces.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Every schema, included or not (the caller applies the include/exclude options
-- and builds $1 of the other queries from the oids of the included ones):
-- oid, nspname, owner, acl (JSON array), comment (always NULL: filled from
-- comments.sql), ext (whether the schema belongs to an extension).
--
-- Parameters: none. By hand: psql -f sql/introspect/namespaces.sql DBNAME
SELECT n.oid::text AS oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
pg_catalog.to_json(COALESCE(n.nspacl, pg_catalog.acldefault('n'::"char", n.nspowner))::text[]) AS acl,
NULL::text AS comment,
EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_namespace'::regclass
AND e.objid = n.oid AND e.deptype = 'e') AS ext
FROM pg_catalog.pg_namespace n ORDER BY n.nspname;
