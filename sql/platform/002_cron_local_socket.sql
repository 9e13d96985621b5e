-- name: 002_cron_local_socket
-- description: pg_cron runs a job by connecting to cron.job.nodename:nodeport,
-- which cron.schedule() fills with cron.host ('localhost', TCP, where graft
-- instances require a password) and the port of the instance that scheduled
-- it. Point graft's jobs at this instance's Unix socket (trusted locally) and
-- its current port instead, so they run here, also on a branch cloned from
-- another instance once schedules.sync_all() has run there.

-- The Unix socket directory and port of this instance (NULL: no socket).
CREATE FUNCTION schedules.local_node() RETURNS TABLE (nodename text, nodeport integer)
LANGUAGE sql STABLE AS $$
  SELECT nullif(btrim(split_part(current_setting('unix_socket_directories'), ',', 1)), ''),
         current_setting('port')::integer
$$;

-- Points the pg_cron job of schedule `job_name` at this instance.
CREATE FUNCTION schedules.localize_cron_job(job_name text) RETURNS void
LANGUAGE sql AS $$
  UPDATE cron.job j SET nodename = coalesce(n.nodename, j.nodename), nodeport = n.nodeport
    FROM schedules.local_node() n
   WHERE j.jobname = job_name
     AND (j.nodename IS DISTINCT FROM coalesce(n.nodename, j.nodename) OR j.nodeport IS DISTINCT FROM n.nodeport)
$$;

CREATE OR REPLACE FUNCTION schedules.sync_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM cron.unschedule(j.jobid) FROM cron.job j WHERE j.jobname = OLD.name;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active AND NEW.target = 'sql' THEN
    PERFORM cron.schedule(NEW.name, NEW.cron, NEW.sql);
    PERFORM schedules.localize_cron_job(NEW.name);
  END IF;
  RETURN NULL;
END
$$;

-- Rebuilds cron.job from schedules.jobs and points every job at this
-- instance. Run it after a bulk load that bypassed triggers, and on a branch
-- cloned from another instance (its copied jobs point at the parent's port).
CREATE OR REPLACE FUNCTION schedules.sync_all() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer := 0;
  r record;
BEGIN
  PERFORM cron.unschedule(j.jobid) FROM cron.job j
   WHERE j.jobname IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM schedules.jobs s
                      WHERE s.name = j.jobname AND s.active AND s.target = 'sql'
                        AND s.cron = j.schedule AND s.sql = j.command);
  FOR r IN SELECT * FROM schedules.jobs WHERE active AND target = 'sql' ORDER BY name LOOP
    IF NOT EXISTS (SELECT 1 FROM cron.job j WHERE j.jobname = r.name) THEN
      PERFORM cron.schedule(r.name, r.cron, r.sql);
    END IF;
    PERFORM schedules.localize_cron_job(r.name);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

-- Jobs scheduled before this migration.
SELECT schedules.sync_all();
