-- name: model fixture
-- description: one object of every kind graft models, with comments, grants,
-- identity/generated columns, partitions and inheritance, so that the recorded
-- introspection (recorded.json) shows every def field introspect writes.
CREATE ROLE model_reader NOLOGIN;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the app';
GRANT USAGE ON SCHEMA app TO model_reader;
CREATE COLLATION app.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE app.pair AS (a integer, b text COLLATE "C");
CREATE TABLE app.pairs OF app.pair (a NOT NULL);
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN app.posint AS integer NOT NULL DEFAULT 1 CONSTRAINT posint_check CHECK (VALUE > 0);
CREATE SEQUENCE app.counter START 10 INCREMENT 5 CACHE 2 CYCLE;
CREATE TABLE app.users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text COLLATE "C" NOT NULL UNIQUE,
  mood app.mood DEFAULT 'ok',
  score app.posint,
  during tsrange,
  email_len integer GENERATED ALWAYS AS (length(email)) STORED,
  CONSTRAINT score_small CHECK (score < 1000),
  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
) WITH (fillfactor = 80);
ALTER TABLE app.users ALTER COLUMN email SET STATISTICS 200;
ALTER TABLE app.users ALTER COLUMN email SET STORAGE EXTERNAL;
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.users.email IS 'address';
COMMENT ON CONSTRAINT users_pkey ON app.users IS 'the key';
COMMENT ON INDEX app.users_pkey IS 'the key''s index';
GRANT SELECT ON app.users TO model_reader;
GRANT UPDATE (email) ON app.users TO model_reader;
CREATE TABLE app.posts (
  id serial PRIMARY KEY,
  user_id bigint REFERENCES app.users (id) ON DELETE CASCADE,
  body text
);
ALTER SEQUENCE app.counter OWNED BY app.posts.id;
CREATE INDEX posts_user ON app.posts (user_id);
CREATE INDEX posts_body ON app.posts (lower(body)) WHERE body IS NOT NULL;
COMMENT ON INDEX app.posts_user IS 'by user';
ALTER TABLE app.posts CLUSTER ON posts_user;
ALTER TABLE app.posts ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.posts REPLICA IDENTITY FULL;
CREATE POLICY own_posts ON app.posts FOR SELECT TO model_reader USING (user_id > 0);
CREATE TABLE app.events (at date NOT NULL, what text) PARTITION BY RANGE (at);
CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_what ON app.events (what);
ALTER TABLE app.events ADD CONSTRAINT events_at_what_key UNIQUE (at, what);
CREATE TABLE app.base_log (at timestamptz DEFAULT now());
ALTER TABLE app.base_log ALTER COLUMN at SET (n_distinct = -1);
CREATE TABLE app.child_log (msg text) INHERITS (app.base_log);
CREATE UNLOGGED TABLE app.scratch (x int);
CREATE VIEW app.active_users WITH (security_barrier) AS SELECT id, email FROM app.users WHERE score > 1;
ALTER VIEW app.active_users ALTER COLUMN email SET DEFAULT 'n/a';
CREATE MATERIALIZED VIEW app.user_counts AS SELECT mood, count(*) AS n FROM app.users GROUP BY mood;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
COMMENT ON FUNCTION app.touch() IS 'touches';
CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
REVOKE EXECUTE ON FUNCTION app.add(integer, integer) FROM PUBLIC;
CREATE PROCEDURE app.reset_scores() LANGUAGE sql AS $$ UPDATE app.users SET score = 1 $$;
CREATE AGGREGATE app.total(integer) (sfunc = int4pl, stype = integer, initcond = '0');
CREATE AGGREGATE app.total_abs(integer) (sfunc = int4pl, stype = integer, finalfunc = int4abs, finalfunc_modify = shareable, parallel = safe);
CREATE TRIGGER posts_touch BEFORE UPDATE ON app.posts FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.posts DISABLE TRIGGER posts_touch;
CREATE RULE no_delete AS ON DELETE TO app.scratch DO INSTEAD NOTHING;
CREATE STATISTICS app.users_stats (dependencies) ON id, score FROM app.users;
ALTER STATISTICS app.users_stats SET STATISTICS 50;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO model_reader;
CREATE PUBLICATION model_pub FOR TABLE app.users (id, email) WHERE (id > 0) WITH (publish = 'insert');
CREATE PUBLICATION model_pub_schema FOR TABLES IN SCHEMA app;
COMMENT ON PUBLICATION model_pub IS 'published';
CREATE FOREIGN DATA WRAPPER model_fdw OPTIONS (debug 'true');
GRANT USAGE ON FOREIGN DATA WRAPPER model_fdw TO model_reader;
CREATE SERVER model_srv TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER model_fdw OPTIONS (host 'db.example');
CREATE USER MAPPING FOR model_reader SERVER model_srv OPTIONS (user 'remote', password 'never printed');
CREATE CAST (app.mood AS text) WITH INOUT AS ASSIGNMENT;
CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER model_evt ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION app.on_ddl();
CREATE FOREIGN TABLE app.remote_users (id integer OPTIONS (column_name 'user_id'), email text) SERVER model_srv OPTIONS (table_name 'users');
CREATE INDEX events_at_only ON ONLY app.events (at);
