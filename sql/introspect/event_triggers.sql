-- sql/introspect/event_triggers.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per event trigger not owned by an extension: oid, evtname, evtevent,
-- owner, evtenabled (O, D, R or A), function (the schema-qualified name of
-- the function it executes, quoted as needed) and tags (JSON array of the
-- WHEN TAG IN values in their stored order, which pg_dump prints; null when
-- there is no filter).
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/event_triggers.sql
SELECT e.oid::text AS oid, e.evtname, e.evtevent, pg_catalog.pg_get_userbyid(e.evtowner) AS owner,
e.evtenabled::text AS evtenabled, pg_catalog.format('%I.%I', n.nspname, f.proname) AS function,
(SELECT pg_catalog.json_agg(t ORDER BY i) FROM pg_catalog.unnest(e.evttags) WITH ORDINALITY AS x(t, i)) AS tags
FROM pg_catalog.pg_event_trigger e
JOIN pg_catalog.pg_proc f ON f.oid = e.evtfoid
JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace
WHERE e.oid NOT IN (SELECT x.objid FROM pg_catalog.pg_depend x WHERE x.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND x.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass AND x.deptype = 'e')
ORDER BY e.evtname;
