-- sql/introspect/user_mappings.sql: read by graft's introspect (src/introspect/kinds.cc),
-- inside its one REPEATABLE READ READ ONLY transaction with search_path = ''.
--
-- One row per user mapping: oid, srvname, usename ("public" for PUBLIC) and
-- options (JSON array of "name=value" in their stored order). The value of
-- an option whose name looks secret (password, secret, token) never leaves
-- the server: it reads "(redacted)".
--
-- Parameters: none. By hand: psql DBNAME -f sql/introspect/user_mappings.sql
SELECT u.umid::text AS oid, u.srvname, u.usename,
(SELECT pg_catalog.json_agg(CASE WHEN pg_catalog.split_part(o, '=', 1) ~* '(password|secret|token)'
   THEN pg_catalog.split_part(o, '=', 1) || '=(redacted)' ELSE o END ORDER BY i)
 FROM pg_catalog.unnest(u.umoptions) WITH ORDINALITY AS x(o, i)) AS options
FROM pg_catalog.pg_user_mappings u ORDER BY u.srvname, u.usename;
