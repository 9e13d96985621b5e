-- sql/introspect/foreign_data_wrappers.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per foreign-data wrapper not owned by an extension: oid, fdwname,
-- owner, acl (JSON text[], the built-in default when NULL), handler and
-- validator (schema-qualified function names, NULL when none) and options
-- (JSON array of "name=value" in their stored order).
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/foreign_data_wrappers.sql
SELECT w.oid::text AS oid, w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner) AS owner,
pg_catalog.to_json(COALESCE(w.fdwacl, pg_catalog.acldefault('F'::"char", w.fdwowner))::text[]) AS acl,
CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regproc::text END AS handler,
CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regproc::text END AS validator,
pg_catalog.to_json(w.fdwoptions) AS options
FROM pg_catalog.pg_foreign_data_wrapper w
WHERE w.oid NOT IN (SELECT x.objid FROM pg_catalog.pg_depend x WHERE x.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND x.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass AND x.deptype = 'e')
ORDER BY w.fdwname;
