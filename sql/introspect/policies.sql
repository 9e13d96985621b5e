-- sql/introspect/policies.sql: read by graft's introspect (src/introspect/introspect.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- Row-level security policies on relations of the included schemas:
-- permissive, command, roles (JSON), USING and WITH CHECK expressions.
--
-- Parameters: $1 = oid[] of the included namespaces (as text, e.g. '{2200,16385}').
-- By hand (psql 15 has no \bind): substitute the parameter with a psql variable:
--   sed "s/\$1/:'nsp'/g" sql/introspect/policies.sql | psql -v nsp='{2200}' DBNAME
-- ('{2200}' is the oid of schema public; list yours with SELECT oid, nspname FROM pg_namespace).
SELECT p.oid::text AS oid, p.polrelid::text AS relid, p.polname, p.polpermissive, p.polcmd,
pg_catalog.to_json(ARRAY(SELECT CASE WHEN x = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(x)::text END
  FROM pg_catalog.unnest(p.polroles) x ORDER BY 1)) AS roles,
pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS withcheck,
NULL::text AS comment
FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
WHERE c.relnamespace = ANY($1::oid[]);
