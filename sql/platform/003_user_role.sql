-- name: 003_user_role
-- description: the platform schemas belong to graft_admin, the superuser graft
-- connects as; the role of URLs and `graft sql`, postgres (not a superuser,
-- src/instance/roles.h), reads their tables and changes them only through
-- graft's platform commands. Scheduled SQL runs as postgres too: whatever a
-- URL cannot do, a schedule cannot either.

DO $$
DECLARE
  s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['system', 'auth', 'storage', 'functions', 'email', 'realtime', 'schedules'] LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO postgres', s);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO postgres', s);
    EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO postgres', s);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE graft_admin IN SCHEMA %I GRANT SELECT ON TABLES TO postgres', s);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE graft_admin IN SCHEMA %I GRANT SELECT ON SEQUENCES TO postgres', s);
  END LOOP;
END
$$;

-- Reading settings (SHOW, current_setting) and CHECKPOINT: neither reads
-- files nor runs programs.
GRANT pg_read_all_settings, pg_checkpoint TO postgres;

-- pg_cron's tables too (pg_dump through a URL reads its sequences).
GRANT USAGE ON SCHEMA cron TO postgres;
GRANT SELECT ON ALL TABLES IN SCHEMA cron TO postgres;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA cron TO postgres;

-- pg_cron runs a job as cron.job.username, which cron.schedule() sets to the
-- role that called it (graft_admin, through the schedules triggers): run
-- them as postgres instead.
CREATE OR REPLACE FUNCTION schedules.localize_cron_job(job_name text) RETURNS void
LANGUAGE sql AS $$
  UPDATE cron.job j SET nodename = coalesce(n.nodename, j.nodename), nodeport = n.nodeport, username = 'postgres'
    FROM schedules.local_node() n
   WHERE j.jobname = job_name
     AND (j.nodename IS DISTINCT FROM coalesce(n.nodename, j.nodename) OR j.nodeport IS DISTINCT FROM n.nodeport
          OR j.username IS DISTINCT FROM 'postgres')
$$;

SELECT schedules.sync_all();

-- postgres has no CREATEROLE (on PostgreSQL 15 it could grant itself
-- pg_execute_server_program). Plain roles for RLS policies, grants and
-- application logins are made through these instead: no attribute beyond
-- LOGIN, and postgres gets each one WITH ADMIN OPTION (it can grant it, own
-- objects as it, SET ROLE to it).
CREATE OR REPLACE FUNCTION system.create_role(role_name text, login boolean DEFAULT false, password text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF role_name IS NULL OR role_name = '' OR role_name ~* '^pg_' OR role_name ~* '^graft_'
     OR lower(role_name) IN ('postgres', 'public', 'none', 'current_user', 'current_role', 'session_user') THEN
    RAISE EXCEPTION 'role name % is reserved', coalesce(quote_ident(role_name), 'NULL') USING ERRCODE = 'reserved_name';
  END IF;
  IF password IS NOT NULL AND NOT login THEN
    RAISE EXCEPTION 'a password needs login => true' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('CREATE ROLE %I %s NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS%s', role_name,
                 CASE WHEN login THEN 'LOGIN' ELSE 'NOLOGIN' END,
                 CASE WHEN password IS NULL THEN '' ELSE ' PASSWORD ' || quote_literal(password) END);
  EXECUTE format('COMMENT ON ROLE %I IS %L', role_name, 'graft: made by system.create_role');
  EXECUTE format('GRANT %I TO postgres WITH ADMIN OPTION', role_name);
END
$$;

-- Drops a role made by system.create_role (and only such a role).
CREATE OR REPLACE FUNCTION system.drop_role(role_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF shobj_description((SELECT oid FROM pg_roles WHERE rolname = role_name), 'pg_authid')
     IS DISTINCT FROM 'graft: made by system.create_role' THEN
    RAISE EXCEPTION 'role % was not made by system.create_role', coalesce(quote_ident(role_name), 'NULL')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE format('DROP ROLE %I', role_name);
END
$$;

REVOKE ALL ON FUNCTION system.create_role(text, boolean, text), system.drop_role(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION system.create_role(text, boolean, text), system.drop_role(text) TO postgres;
