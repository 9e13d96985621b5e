-- sql/introspect/functions.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Functions, procedures and aggregates of the included schemas, except those a
-- type made for itself and those an extension owns: identity arguments,
-- arguments, result, definition (not for aggregates), language, owner, acl,
-- and the aggregate's fields.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/functions.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT p.oid::text AS oid, p.pronamespace::text AS nsp, p.proname, p.prokind,
pg_catalog.oidvectortypes(p.proargtypes) AS idargs,
pg_catalog.pg_get_function_arguments(p.oid) AS args, pg_catalog.pg_get_function_result(p.oid) AS result,
CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS def,
pg_catalog.pg_get_userbyid(p.proowner) AS owner,
pg_catalog.to_json(COALESCE(p.proacl, pg_catalog.acldefault('f'::"char", p.proowner))::text[]) AS acl,
NULL::text AS comment, l.lanname,
ag.aggtransfn::regproc::text AS sfunc, pg_catalog.format_type(ag.aggtranstype, NULL) AS stype,
NULLIF(ag.aggfinalfn, 0)::regproc::text AS finalfunc, NULLIF(ag.aggcombinefn, 0)::regproc::text AS combinefunc,
ag.agginitval AS initcond, NULLIF(ag.aggsortop, 0)::regoperator::text AS sortop, ag.aggkind,
ag.aggfinalextra, ag.aggfinalmodify, p.proparallel
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
WHERE p.pronamespace = ANY($1::oid[])
-- Functions a type made for itself (multirange constructors) go with it.
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
  AND i.objid = p.oid AND i.deptype = 'i')
AND p.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND e.deptype = 'e');
