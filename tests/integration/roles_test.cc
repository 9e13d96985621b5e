// The role layout of instances (issue 10 item 2; src/instance/roles.h): URLs
// and `graft sql` carry `postgres`, not a superuser; graft works as
// graft_admin over the unix socket; old instances are migrated on first use.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "instance/roles.h"
#include "integration/graft_home.h"
#include "os/process.h"
#include "platform/platform.h"

namespace graft::testing {
namespace {

using json = nlohmann::json;

struct Psql {
  int code;
  std::string out, err;
};

// psql with a URL, as a user of the URL would run it.
Psql RunPsql(const std::string& url, const std::string& sql) {
  auto r = os::Run({.argv = {"/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                             "-c", sql, url}});
  std::string out = Trim(r.out);  // the last line: what the last statement printed
  auto nl = out.rfind('\n');
  return {r.exit_code, nl == std::string::npos ? out : out.substr(nl + 1), r.err};
}

std::string Url(const GraftHome& h, const std::vector<std::string>& target) {
  std::vector<std::string> args = {"url"};
  args.insert(args.end(), target.begin(), target.end());
  return h.Json(args)["url"].get<std::string>();
}

int PortOf(const std::string& url) {
  auto at = url.rfind(':');
  return std::stoi(url.substr(at + 1, url.find('/', at) - at - 1));
}

int Port(const GraftHome& h, const std::string& project) { return PortOf(Url(h, {"--project", project})); }

// graft's own connection to a project's instance.
pg::Conn Admin(const GraftHome& h, const std::string& project) {
  return instance::ConnectAdmin(h.dir() + "/run", Port(h, project));
}

std::string One(pg::Conn& c, const std::string& sql) {
  auto r = c.Exec(sql);
  return r.rows.empty() ? "<no rows>" : r.rows[0][0].value_or("<null>");
}

// The owners of the user objects of `fixture`, "kind name owner" sorted.
const char* kOwnersSql =
    "SELECT string_agg(x, ', ' ORDER BY x) FROM ("
    " SELECT 'rel ' || c.relname || ' ' || pg_get_userbyid(c.relowner) AS x FROM pg_class c"
    "  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'S')"
    " UNION ALL SELECT 'fn ' || p.proname || ' ' || pg_get_userbyid(p.proowner) FROM pg_proc p"
    "  WHERE p.pronamespace = 'public'::regnamespace"
    " UNION ALL SELECT 'type ' || t.typname || ' ' || pg_get_userbyid(t.typowner) FROM pg_type t"
    "  WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e'"
    " UNION ALL SELECT 'db ' || datname || ' ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'postgres'"
    ") o";

TEST(Roles, UrlRoleIsNotASuperuser) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string url = Url(h, {"--project", "app"});
  ASSERT_EQ(url.rfind("postgresql://postgres:", 0), 0u) << url;
  // The role of the URL and of `graft sql`, and what it may do.
  const std::string attrs =
      "SELECT current_user || ' super=' || rolsuper || ' createrole=' || rolcreaterole || ' createdb=' || rolcreatedb "
      "|| ' bypassrls=' || rolbypassrls FROM pg_roles WHERE rolname = current_user";
  const std::string want = "postgres super=false createrole=false createdb=true bypassrls=true";
  auto p = RunPsql(url, attrs);
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(p.out, want);
  EXPECT_EQ(h.Scalar(attrs, {"--project", "app"}), want);
  // It owns the database, and so `public` (owned by pg_database_owner).
  EXPECT_EQ(RunPsql(url, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()").out,
            "postgres");
  EXPECT_EQ(RunPsql(url, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'").out,
            "pg_database_owner");
  EXPECT_EQ(RunPsql(url, "CREATE TABLE public.mine (id int); SELECT 'ok'").out, "ok");
  // What a URL can no longer do: read the server's files, run programs,
  // make itself (or a new role) privileged.
  for (const std::string& sql :
       {std::string("SELECT pg_read_binary_file('PG_VERSION')"), std::string("SELECT pg_read_file('postgresql.conf')"),
        std::string("COPY (SELECT 1) TO PROGRAM 'true'"), std::string("COPY public.mine FROM '/etc/passwd'"),
        std::string("GRANT pg_execute_server_program TO postgres"), std::string("CREATE ROLE evil SUPERUSER"),
        std::string("CREATE ROLE helper"), std::string("ALTER ROLE postgres SUPERUSER"),
        std::string("CREATE EXTENSION dblink")}) {
    auto r = RunPsql(url, sql);
    EXPECT_NE(r.code, 0) << sql << " was allowed: " << r.out;
    EXPECT_NE(r.err.find("ERROR:"), std::string::npos) << sql << ": " << r.err;
    auto g = h.Run({"sql", "--project", "app", "-c", sql});
    EXPECT_NE(g.code, 0) << "graft sql: " << sql << " was allowed";
  }
  // pg_dump through the URL reads everything it needs (pg_cron's tables included).
  auto dump = os::Run({.argv = {"/usr/lib/postgresql/15/bin/pg_dump", "--schema-only", url}});
  EXPECT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_NE(dump.out.find("CREATE TABLE public.mine"), std::string::npos);
  // graft's superuser cannot log in over TCP: it has no password.
  std::string admin_url = url;
  admin_url.replace(0, std::string("postgresql://postgres").size(), "postgresql://graft_admin");
  EXPECT_NE(RunPsql(admin_url, "SELECT 1").code, 0);
  auto c = Admin(h, "app");
  EXPECT_EQ(One(c, "SELECT rolsuper::text FROM pg_roles WHERE rolname = 'graft_admin'"), "true");
  EXPECT_EQ(One(c, "SELECT (rolpassword IS NULL)::text FROM pg_authid WHERE rolname = 'graft_admin'"), "true");
}

TEST(Roles, PlainRolesAreMadeThroughSystemCreateRole) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string url = Url(h, {"--project", "app"});
  auto r = RunPsql(url,
                   "SELECT system.create_role('reader'); CREATE TABLE public.t (id int); INSERT INTO public.t VALUES (1); "
                   "GRANT SELECT ON public.t TO reader; GRANT CREATE ON SCHEMA public TO reader; CREATE TABLE public.o (id int); "
                   "ALTER TABLE public.o OWNER TO reader; "
                   "SET ROLE reader; SELECT current_user || ' ' || count(*) FROM public.t");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "reader 1");
  EXPECT_EQ(RunPsql(url, "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolcanlogin FROM pg_roles "
                         "WHERE rolname = 'reader'").out,
            "f");
  // A login role with a password connects over TCP like a URL, with its own rights.
  ASSERT_EQ(RunPsql(url, "SELECT system.create_role('app_login', true, 'pw-123')").code, 0);
  std::string login_url = "postgresql://app_login:pw-123@127.0.0.1:" + std::to_string(PortOf(url)) + "/postgres";
  EXPECT_EQ(RunPsql(login_url, "SELECT current_user").out, "app_login");
  EXPECT_NE(RunPsql(login_url, "SELECT * FROM public.t").code, 0);
  // Reserved names, and roles it did not make, are refused.
  for (const std::string& sql :
       {std::string("SELECT system.create_role('pg_mine')"), std::string("SELECT system.create_role('graft_admin')"),
        std::string("SELECT system.create_role('postgres')"), std::string("SELECT system.create_role('x', false, 'pw')"),
        std::string("SELECT system.drop_role('postgres')"), std::string("SELECT system.drop_role('graft_admin')"),
        std::string("SELECT system.drop_role('pg_monitor')"), std::string("ALTER ROLE reader SUPERUSER"),
        std::string("GRANT pg_read_server_files TO reader")}) {
    auto x = RunPsql(url, sql);
    EXPECT_NE(x.code, 0) << sql;
    EXPECT_NE(x.err.find("ERROR:"), std::string::npos) << sql << ": " << x.err;
  }
  EXPECT_EQ(RunPsql(url, "SELECT system.drop_role('app_login'); SELECT count(*) FROM pg_roles WHERE rolname = "
                         "'app_login'").out,
            "0");
}

TEST(Roles, TrustedExtensionsInstallAsTheUserRole) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string url = Url(h, {"--project", "app"});
  for (const char* ext : {"citext", "hstore", "pg_trgm", "pgcrypto", "uuid-ossp"}) {
    auto r = RunPsql(url, std::string("CREATE EXTENSION \"") + ext + "\"; SELECT pg_get_userbyid(extowner) FROM "
                                                                       "pg_extension WHERE extname = '" + ext + "'");
    EXPECT_EQ(r.code, 0) << ext << ": " << r.err;
    EXPECT_EQ(r.out, "postgres") << ext;
  }
  EXPECT_EQ(RunPsql(url, "SELECT 'A'::citext = 'a'::citext").out, "t");
  // Not trusted: refused to the user role.
  for (const char* ext : {"postgres_fdw", "file_fdw", "pg_stat_statements"}) {
    auto r = RunPsql(url, std::string("CREATE EXTENSION ") + ext);
    EXPECT_NE(r.code, 0) << ext;
    EXPECT_NE(r.err.find("permission denied"), std::string::npos) << ext << ": " << r.err;
  }
}

TEST(Roles, PlatformSchemasAreGraftsAndReadableByTheUserRole) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"storage", "buckets", "create", "docs", "--project", "app"});
  std::string url = Url(h, {"--project", "app"});
  auto c = Admin(h, "app");
  EXPECT_EQ(One(c,
                "SELECT string_agg(DISTINCT pg_get_userbyid(nspowner), ',') FROM pg_namespace WHERE nspname IN "
                "('system', 'auth', 'storage', 'functions', 'email', 'realtime', 'schedules')"),
            "graft_admin");
  EXPECT_EQ(One(c,
                "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class WHERE relkind = 'r' AND "
                "relnamespace::regnamespace::text IN ('system', 'auth', 'storage', 'functions', 'email', "
                "'realtime', 'schedules')"),
            "graft_admin");
  // Every platform table reads as the user role ...
  std::string every =
      "SELECT count(*) FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text IN ('system', "
      "'auth', 'storage', 'functions', 'email', 'realtime', 'schedules') AND NOT has_table_privilege('postgres', "
      "c.oid, 'SELECT')";
  EXPECT_EQ(One(c, every), "0");
  EXPECT_EQ(RunPsql(url, "SELECT name FROM storage.buckets").out, "docs");
  // ... and changes only through graft.
  for (const std::string& sql :
       {std::string("INSERT INTO storage.buckets (name) VALUES ('x')"), std::string("DELETE FROM storage.buckets"),
        std::string("UPDATE auth.settings SET value = 'null'"), std::string("DROP SCHEMA auth CASCADE"),
        std::string("CREATE TABLE auth.mine (id int)")}) {
    auto r = RunPsql(url, sql);
    EXPECT_NE(r.code, 0) << sql;
    EXPECT_TRUE(r.err.find("permission denied") != std::string::npos || r.err.find("must be owner") != std::string::npos)
        << sql << ": " << r.err;
  }
  h.Ok({"storage", "buckets", "create", "more", "--project", "app"});
  EXPECT_EQ(RunPsql(url, "SELECT count(*) FROM storage.buckets").out, "2");
}

TEST(Roles, ScheduledSqlRunsAsTheUserRole) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"schedules", "create", "nightly", "--cron", "0 3 * * *", "--sql", "SELECT 1", "--project", "app"});
  auto c = Admin(h, "app");
  EXPECT_EQ(One(c, "SELECT username FROM cron.job WHERE jobname = 'nightly'"), "postgres");
  h.Ok({"branch", "create", "b", "--project", "app", "--no-switch"});
  auto bc = instance::ConnectAdmin(h.dir() + "/run", PortOf(Url(h, {"--project", "app", "--branch", "b"})));
  EXPECT_EQ(One(bc, "SELECT username FROM cron.job WHERE jobname = 'nightly'"), "postgres");
}

TEST(Roles, UserObjectsStayTheUsersThroughMigrationsBranchesDiffAndMerge) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string dir = h.dir() + "/migrations";
  os::MakeDirs(dir, 0700);
  os::WriteFileAtomic(dir + "/20260101000000_init.sql",
                      "CREATE TYPE public.mood AS ENUM ('ok');\n"
                      "CREATE TABLE public.t (id serial PRIMARY KEY, m public.mood);\n"
                      "CREATE VIEW public.v AS SELECT id FROM public.t;\n"
                      "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n");
  h.Ok({"migrations", "apply", "--dir", dir, "--project", "app"});
  const std::string owners =
      "db postgres postgres, fn f postgres, rel t postgres, rel t_id_seq postgres, rel v postgres, type mood postgres";
  EXPECT_EQ(h.Scalar(kOwnersSql, {"--project", "app"}), owners);
  h.Ok({"branch", "create", "b", "--project", "app", "--no-switch"});
  std::string purl = Url(h, {"--project", "app"});
  std::string burl = Url(h, {"--project", "app", "--branch", "b"});
  // A fresh branch: no difference at all, owners included.
  auto same = h.Run({"diff", purl, burl});
  ASSERT_EQ(same.code, 0) << same.err;
  EXPECT_EQ(same.out.find("OWNER"), std::string::npos) << same.out;
  EXPECT_EQ(same.out.find("ALTER"), std::string::npos) << same.out;
  h.Ok({"sql", "--project", "app", "--branch", "b", "-c",
        "CREATE TABLE public.added (id int); CREATE FUNCTION public.g() RETURNS int LANGUAGE sql AS 'SELECT 2'; "
        "CREATE VIEW public.w AS SELECT id FROM public.added"});
  auto d = h.Run({"diff", purl, burl});
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_NE(d.out.find("CREATE TABLE public.added"), std::string::npos) << d.out;
  EXPECT_EQ(d.out.find("OWNER"), std::string::npos) << d.out;
  auto dry = h.Json({"branch", "merge", "b", "--project", "app", "--dry-run"});
  EXPECT_EQ(dry["sql"].get<std::string>().find("OWNER"), std::string::npos) << dry["sql"];
  int creates = 0;
  for (const auto& ch : dry["changes"]) {
    if (ch["action"] == "create") ++creates;
    EXPECT_NE(ch["action"], "alter owner") << ch;
  }
  EXPECT_EQ(creates, 3) << dry["changes"];
  h.Ok({"branch", "merge", "b", "--project", "app", "-y"});
  // Merged by graft_admin, owned by the user role (the schema statements run
  // under SET ROLE postgres).
  EXPECT_EQ(h.Scalar(kOwnersSql, {"--project", "app"}),
            "db postgres postgres, fn f postgres, fn g postgres, rel added postgres, rel t postgres, rel t_id_seq "
            "postgres, rel v postgres, rel w postgres, type mood postgres");
  // Nothing left to merge: owners agree on both sides.
  auto again = h.Run({"diff", purl, burl});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(Trim(again.out).find("OWNER"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find("CREATE"), std::string::npos) << again.out;
}

// Turns a project's instance back into what an older graft made: the
// bootstrap superuser is `postgres` (with the URL's password) and owns every
// object, graft_admin does not exist, and the platform is at version 2.
void MakeOld(const GraftHome& h, const std::string& project) {
  int port = Port(h, project);
  std::string run = h.dir() + "/run";
  std::string url = Url(h, {"--project", project});
  std::string password = url.substr(std::string("postgresql://postgres:").size());
  password = password.substr(0, password.find('@'));
  {
    auto c = instance::ConnectAdmin(run, port);
    c.Exec("REVOKE ALL ON ALL TABLES IN SCHEMA system, auth, storage, functions, email, realtime, schedules FROM postgres");
    c.Exec("REVOKE ALL ON SCHEMA system, auth, storage, functions, email, realtime, schedules FROM postgres");
    for (const char* s : {"system", "auth", "storage", "functions", "email", "realtime", "schedules"}) {
      c.Exec(std::string("ALTER DEFAULT PRIVILEGES FOR ROLE graft_admin IN SCHEMA ") + s +
             " REVOKE SELECT ON TABLES FROM postgres");
      c.Exec(std::string("ALTER DEFAULT PRIVILEGES FOR ROLE graft_admin IN SCHEMA ") + s +
             " REVOKE SELECT ON SEQUENCES FROM postgres");
    }
    c.Exec("DELETE FROM system.platform_migrations WHERE version >= 3");
    c.Exec("DROP FUNCTION system.create_role(text, boolean, text), system.drop_role(text)");
    c.Exec("UPDATE cron.job SET username = 'postgres'");
    c.Exec("REASSIGN OWNED BY postgres TO graft_admin");
    c.Exec("DROP OWNED BY postgres");
    c.Exec("DROP ROLE postgres");
    c.Exec("CREATE ROLE old_tmp SUPERUSER LOGIN");
  }
  {
    auto t = pg::Conn::Open(instance::SocketConninfoAs(run, port, "old_tmp"));
    t.Exec("ALTER ROLE graft_admin RENAME TO postgres");
    t.Exec("ALTER ROLE postgres PASSWORD " + pg::QuoteLiteral(password));
  }
  auto p = pg::Conn::Open(instance::SocketConninfoAs(run, port, "postgres"));
  p.Exec("DROP ROLE old_tmp");
  ASSERT_EQ(One(p, "SELECT (oid = 10 AND rolsuper)::text FROM pg_roles WHERE rolname = 'postgres'"), "true");
  ASSERT_EQ(One(p, "SELECT count(*)::text FROM pg_roles WHERE rolname = 'graft_admin'"), "0");
}

TEST(Roles, AnOldInstanceIsMigratedOnFirstUse) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"storage", "buckets", "create", "docs", "--project", "app"});
  h.Ok({"sql", "--project", "app", "-c",
        "CREATE SCHEMA shop; CREATE TYPE public.mood AS ENUM ('ok'); "
        "CREATE TABLE public.t (id serial PRIMARY KEY, m public.mood); INSERT INTO public.t (m) VALUES ('ok'); "
        "CREATE VIEW public.v AS SELECT id FROM public.t; CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS "
        "'SELECT 1'; CREATE TABLE shop.items (id int)"});
  std::string url = Url(h, {"--project", "app"});
  MakeOld(h, "app");
  // The old layout: the URL is a superuser that owns everything.
  EXPECT_EQ(RunPsql(url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").out, "t");
  EXPECT_EQ(RunPsql(url, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.t'::regclass").out,
            "postgres");
  // The first command migrates it; the URL handed out before still works,
  // as the new user role.
  EXPECT_EQ(h.Scalar("SELECT count(*)::text FROM public.t", {"--project", "app"}), "1");
  auto p = RunPsql(url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(p.out, "f");
  EXPECT_NE(RunPsql(url, "SELECT pg_read_binary_file('PG_VERSION')").code, 0);
  EXPECT_EQ(h.Scalar(kOwnersSql, {"--project", "app"}),
            "db postgres postgres, fn f postgres, rel t postgres, rel t_id_seq postgres, rel v postgres, type mood "
            "postgres");
  EXPECT_EQ(RunPsql(url, "SELECT pg_get_userbyid(nspowner) || ' ' || (SELECT pg_get_userbyid(relowner) FROM pg_class "
                         "WHERE oid = 'shop.items'::regclass) FROM pg_namespace WHERE nspname = 'shop'")
                .out,
            "postgres postgres");
  auto c = Admin(h, "app");
  EXPECT_EQ(One(c, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'auth'"), "graft_admin");
  EXPECT_EQ(One(c, "SELECT max(version)::text FROM system.platform_migrations"), std::to_string(platform::LatestVersion()));
  EXPECT_EQ(RunPsql(url, "SELECT name FROM storage.buckets").out, "docs");
  EXPECT_NE(RunPsql(url, "DELETE FROM storage.buckets").code, 0);
  // The user can change its own objects; branches work as before.
  EXPECT_EQ(RunPsql(url, "ALTER TABLE public.t ADD COLUMN note text; DROP VIEW public.v; SELECT 'ok'").out, "ok");
  h.Ok({"branch", "create", "b", "--project", "app", "--no-switch"});
  EXPECT_EQ(h.Scalar("SELECT current_user || ' ' || count(*) FROM public.t", {"--project", "app", "--branch", "b"}),
            "postgres 1");
}

}  // namespace
}  // namespace graft::testing
