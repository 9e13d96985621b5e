-- sql/introspect/depends.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Dependencies between user objects (oids >= 16384; deptype normal, auto or
-- internal): both ends as (catalog oid, object oid, sub-id) and the deptype.
--
-- Parameters: none. By hand: psql -f sql/introspect/depends.sql DBNAME
SELECT d.classid::text AS cls, d.objid::text AS objid, d.objsubid,
d.refclassid::text AS refcls, d.refobjid::text AS refobjid, d.refobjsubid, d.deptype
FROM pg_catalog.pg_depend d WHERE d.objid >= 16384 AND d.refobjid >= 16384
AND d.deptype IN ('n', 'a', 'i');
