-- sql/introspect/casts.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per user-defined cast (oid >= 16384) not owned by an extension
-- nor made by its type (a range's multirange cast is internal to the range):
-- oid, source and target (format_type, qualified as needed), function (its
-- regprocedure, schema-qualified with argument types; NULL when none),
-- castcontext (e explicit, a assignment, i implicit) and castmethod (f
-- function, i inout, b binary coercible).
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/casts.sql
SELECT c.oid::text AS oid, pg_catalog.format_type(c.castsource, NULL) AS source,
pg_catalog.format_type(c.casttarget, NULL) AS target,
CASE WHEN c.castfunc <> 0 THEN c.castfunc::pg_catalog.regprocedure::text END AS function,
c.castcontext::text AS castcontext, c.castmethod::text AS castmethod
FROM pg_catalog.pg_cast c WHERE c.oid >= 16384
AND c.oid NOT IN (SELECT x.objid FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND x.deptype IN ('e', 'i'))
ORDER BY 2, 3;
