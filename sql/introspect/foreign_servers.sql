-- sql/introspect/foreign_servers.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per foreign server not owned by an extension: oid, srvname, fdw
-- (its wrapper's name), srvtype, srvversion, owner, acl (JSON text[], the
-- built-in default when NULL) and options (JSON array of "name=value" in
-- their stored order).
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/foreign_servers.sql
SELECT s.oid::text AS oid, s.srvname, w.fdwname AS fdw, s.srvtype, s.srvversion,
pg_catalog.pg_get_userbyid(s.srvowner) AS owner,
pg_catalog.to_json(COALESCE(s.srvacl, pg_catalog.acldefault('S'::"char", s.srvowner))::text[]) AS acl,
pg_catalog.to_json(s.srvoptions) AS options
FROM pg_catalog.pg_foreign_server s
JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE s.oid NOT IN (SELECT x.objid FROM pg_catalog.pg_depend x WHERE x.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND x.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass AND x.deptype = 'e')
ORDER BY s.srvname;
