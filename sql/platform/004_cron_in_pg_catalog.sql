-- name: 004_cron_in_pg_catalog
-- description: 001 created pg_cron without a schema, so it landed in public,
-- and `DROP SCHEMA public CASCADE` (a common way to start a schema over, run
-- by the URL's role, which owns public) dropped pg_cron with it: every
-- schedule stopped and the schedules commands failed. pg_cron is not
-- relocatable, so it is re-created in pg_catalog (which no one can drop) and
-- its jobs are rebuilt from schedules.jobs. The run history of the old
-- extension (cron.job_run_details) does not survive the move. An instance
-- whose pg_cron is already gone gets it back here.

DO $$
BEGIN
  IF (SELECT extnamespace FROM pg_catalog.pg_extension WHERE extname = 'pg_cron')
       IS DISTINCT FROM 'pg_catalog'::regnamespace THEN
    DROP EXTENSION IF EXISTS pg_cron;
    CREATE EXTENSION pg_cron SCHEMA pg_catalog;
  END IF;
END
$$;

-- The grants of 003 on pg_cron's tables, for the re-created ones.
GRANT USAGE ON SCHEMA cron TO postgres;
GRANT SELECT ON ALL TABLES IN SCHEMA cron TO postgres;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA cron TO postgres;

SELECT schedules.sync_all();
