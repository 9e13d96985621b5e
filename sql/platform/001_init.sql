-- name: 001_init
-- description: the platform schemas that hold a backend's state.
--
-- Applied by graft::platform::Install in one transaction, then recorded in
-- system.platform_migrations. Every table created here must be declared in
-- defs/platform_tables.json (an integration test compares both ways).
--
-- Settings tables are key/value: one row per setting, so that a three-way
-- merge between branches works field by field (each setting is a row keyed by
-- its name). A plain value is kept as jsonb in `value`; a secret value (SMTP
-- password ...) is kept in `secret_value`, which the registry marks secret.

CREATE SCHEMA IF NOT EXISTS system;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS storage;
CREATE SCHEMA IF NOT EXISTS functions;
CREATE SCHEMA IF NOT EXISTS email;
CREATE SCHEMA IF NOT EXISTS realtime;
CREATE SCHEMA IF NOT EXISTS schedules;

CREATE EXTENSION IF NOT EXISTS pg_cron;

-- system ---------------------------------------------------------------------

-- Ledger of the platform's own migrations (sql/platform/NNN_*.sql); its
-- highest version is the platform schema version of the instance.
CREATE TABLE system.platform_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Ledger of the user's migrations (graft migrations apply).
CREATE TABLE system.migrations (
  version         text PRIMARY KEY,
  name            text NOT NULL,
  checksum        text NOT NULL,
  statements      text NOT NULL,
  statement_count integer NOT NULL,
  applied_at      timestamptz NOT NULL DEFAULT now()
);

-- Named secrets of the backend (function environment and the like).
CREATE TABLE system.secrets (
  name       text PRIMARY KEY CHECK (name ~ '^[A-Za-z_][A-Za-z0-9_]*$'),
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- auth -----------------------------------------------------------------------

CREATE TABLE auth.settings (
  key          text PRIMARY KEY,
  value        jsonb,
  secret_value text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((value IS NULL) <> (secret_value IS NULL))
);

CREATE TABLE auth.providers (
  name          text PRIMARY KEY,
  client_id     text NOT NULL,
  client_secret text NOT NULL,
  scopes        text[] NOT NULL DEFAULT '{}',
  redirect_url  text,
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth.users (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email              text UNIQUE,
  encrypted_password text,
  email_confirmed_at timestamptz,
  last_sign_in_at    timestamptz,
  metadata           jsonb NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- storage --------------------------------------------------------------------

CREATE TABLE storage.buckets (
  name          text PRIMARY KEY,
  public        boolean NOT NULL DEFAULT false,
  max_size      bigint CHECK (max_size IS NULL OR max_size > 0),
  allowed_mime  text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Object bytes live in <instance storage dir>/objects/<checksum>, immutable
-- and shared by every row with the same checksum.
CREATE TABLE storage.objects (
  bucket       text NOT NULL REFERENCES storage.buckets (name),
  key          text NOT NULL,
  size         bigint NOT NULL CHECK (size >= 0),
  content_type text NOT NULL,
  checksum     text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bucket, key)
);
CREATE INDEX objects_checksum_idx ON storage.objects (checksum);

-- functions ------------------------------------------------------------------

CREATE TABLE functions.functions (
  slug        text PRIMARY KEY,
  name        text NOT NULL,
  source      text NOT NULL,
  checksum    text NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  verify_jwt  boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- email ----------------------------------------------------------------------

CREATE TABLE email.settings (
  key          text PRIMARY KEY,
  value        jsonb,
  secret_value text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((value IS NULL) <> (secret_value IS NULL))
);

CREATE TABLE email.templates (
  type       text PRIMARY KEY,
  subject    text NOT NULL,
  body       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- realtime -------------------------------------------------------------------

CREATE TABLE realtime.settings (
  key          text PRIMARY KEY,
  value        jsonb,
  secret_value text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((value IS NULL) <> (secret_value IS NULL))
);

CREATE TABLE realtime.channels (
  name        text PRIMARY KEY,
  pattern     text NOT NULL,
  description text NOT NULL DEFAULT '',
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- schedules ------------------------------------------------------------------

-- A job runs either SQL (through pg_cron on this instance) or an edge function
-- (stored and validated only). Header values are secrets.
CREATE TABLE schedules.jobs (
  name          text PRIMARY KEY,
  cron          text NOT NULL,
  target        text NOT NULL CHECK (target IN ('sql', 'function')),
  sql           text,
  function_slug text,
  body          jsonb,
  headers       jsonb NOT NULL DEFAULT '{}',
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((target = 'sql') = (sql IS NOT NULL)),
  CHECK ((target = 'function') = (function_slug IS NOT NULL))
);

-- cron.job always matches schedules.jobs: an active SQL job has exactly one
-- pg_cron job of the same name, anything else has none. The trigger keeps it
-- so in the same transaction as the row change, whoever changes the row (the
-- CLI, a merge, a restore).
CREATE FUNCTION schedules.sync_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM cron.unschedule(j.jobid) FROM cron.job j WHERE j.jobname = OLD.name;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active AND NEW.target = 'sql' THEN
    PERFORM cron.schedule(NEW.name, NEW.cron, NEW.sql);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_sync_cron
AFTER INSERT OR UPDATE OR DELETE ON schedules.jobs
FOR EACH ROW EXECUTE FUNCTION schedules.sync_job();

-- Rebuilds cron.job from schedules.jobs (after a bulk load with triggers
-- disabled, for example). Returns the number of scheduled jobs.
CREATE FUNCTION schedules.sync_all() RETURNS integer
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
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;
