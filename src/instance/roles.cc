// The role layout of an instance (roles.h): graft_admin, the bootstrap
// superuser graft connects as, and postgres, the role users get.
#include "instance/roles.h"

#include <optional>

#include "common/error.h"
#include "pg/conn.h"
#include "pg/transaction.h"

namespace graft::instance {

namespace {

// Arbitrary constant: the advisory lock that serialises layout changes.
constexpr const char* kLayoutLock = "7405110043";
// A superuser that exists only while an old instance's bootstrap superuser
// is renamed (a role cannot rename the role it is logged in as).
constexpr const char* kMigrateRole = "graft_migrate";

bool RoleMissing(const Error& e, const std::string& role) {
  return std::string(e.what()).find("role \"" + role + "\" does not exist") != std::string::npos;
}

std::string ArrayLiteral(const char* const* items) {
  std::string out = "ARRAY[";
  for (const char* const* p = items; *p; ++p) out += std::string(p == items ? "" : ",") + pg::QuoteLiteral(*p);
  return out + "]::text[]";
}

// An instance made by an older graft: `postgres` is its bootstrap superuser.
// Renames it graft_admin (through a temporary superuser); the new `postgres`
// is created by EnsureLayout. Returns when graft_admin exists.
void RenameBootstrap(const std::string& socket_dir, int port) {
  std::optional<pg::Conn> old;
  try {
    old.emplace(pg::Conn::Open(SocketConninfoAs(socket_dir, port, kUserRole)));
  } catch (const Error& e) {
    if (RoleMissing(e, kUserRole)) return;  // another graft is half way: graft_admin exists now
    throw;
  }
  old->Exec(std::string("SELECT pg_advisory_lock(") + kLayoutLock + ")");
  auto r = old->Exec(
      "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS done, "
      "       EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2 AND oid = 10 AND rolsuper) AS old",
      {std::string(kAdminRole), std::string(kUserRole)});
  if (r.Str(0, "done") == "t") return;  // another graft renamed it meanwhile
  if (r.Str(0, "old") != "t") {
    Fail(ErrorKind::kDatabase, "the instance on port " + std::to_string(port) + " has no role graft_admin and its role postgres is not the bootstrap superuser",
         "this instance was not made by graft; recreate it");
  }
  old->Exec(std::string("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '") + kMigrateRole +
            "') THEN CREATE ROLE " + kMigrateRole + " SUPERUSER LOGIN; END IF; END$$");
  auto m = pg::Conn::Open(SocketConninfoAs(socket_dir, port, kMigrateRole));
  m.Exec(std::string("ALTER ROLE ") + kUserRole + " RENAME TO " + kAdminRole);
}

// Every object an older graft's users created is owned by the bootstrap
// superuser: hand those outside the platform and system schemas (and not
// members of an extension) to the user role, and the databases too.
// Sequences owned by a column follow their table.
const char* kReassignSql = R"SQL(
DO $$
DECLARE
  admin oid := (SELECT oid FROM pg_roles WHERE rolname = 'graft_admin');
  skip text[] := %SKIP%;
  s text;
BEGIN
  FOR s IN
    WITH user_nsp AS (
      SELECT oid, nspname FROM pg_namespace
       WHERE NOT nspname = ANY(skip) AND nspname <> 'information_schema' AND nspname !~ '^pg_'
    ), ext AS (
      SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
    )
    SELECT format('ALTER SCHEMA %I OWNER TO postgres', n.nspname)
      FROM user_nsp n JOIN pg_namespace p ON p.oid = n.oid
     WHERE p.nspowner = admin
       AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_namespace'::regclass AND objid = n.oid)
    UNION ALL
    SELECT format('ALTER %s %s OWNER TO postgres',
                  CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                 WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass)
      FROM pg_class c JOIN user_nsp n ON n.oid = c.relnamespace
     WHERE c.relowner = admin AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_class'::regclass AND objid = c.oid)
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                    AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
    UNION ALL
    SELECT format('ALTER %s %s OWNER TO postgres',
                  CASE p.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END, p.oid::regprocedure)
      FROM pg_proc p JOIN user_nsp n ON n.oid = p.pronamespace
     WHERE p.proowner = admin
       AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_proc'::regclass AND objid = p.oid)
       AND NOT EXISTS (SELECT 1 FROM pg_aggregate a WHERE a.aggfnoid = p.oid AND a.aggkind <> 'n')
    UNION ALL
    SELECT format('ALTER %s %s OWNER TO postgres', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                  t.oid::regtype)
      FROM pg_type t JOIN user_nsp n ON n.oid = t.typnamespace
     WHERE t.typowner = admin AND t.typtype IN ('e', 'd', 'r', 'm', 'c')
       AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
       AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_type'::regclass AND objid = t.oid)
    UNION ALL
    SELECT format('ALTER COLLATION %I.%I OWNER TO postgres', n.nspname, c.collname)
      FROM pg_collation c JOIN user_nsp n ON n.oid = c.collnamespace
     WHERE c.collowner = admin
       AND NOT EXISTS (SELECT 1 FROM ext WHERE classid = 'pg_collation'::regclass AND objid = c.oid)
    UNION ALL
    SELECT format('ALTER STATISTICS %I.%I OWNER TO postgres', n.nspname, x.stxname)
      FROM pg_statistic_ext x JOIN user_nsp n ON n.oid = x.stxnamespace
     WHERE x.stxowner = admin
    UNION ALL
    SELECT format('ALTER DATABASE %I OWNER TO postgres', datname)
      FROM pg_database WHERE datdba = admin AND datname NOT IN ('template0', 'template1')
  LOOP
    EXECUTE s;
  END LOOP;
END
$$)SQL";

// True when the layout is complete: nothing to do.
bool LayoutDone(pg::Conn& c) {
  auto r = c.Exec(
      "SELECT coalesce((SELECT NOT rolsuper AND NOT rolcreaterole AND rolcreatedb AND rolbypassrls AND rolcanlogin "
      "                   FROM pg_roles WHERE rolname = 'postgres'), false) "
      "   AND (SELECT datdba FROM pg_database WHERE datname = current_database()) "
      "       = (SELECT oid FROM pg_roles WHERE rolname = 'postgres') "
      "   AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'graft_migrate') "
      "   AND (SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'graft_admin') AS done");
  return r.Str(0, "done") == "t";
}

// Creates the user role (taking graft_admin's password, so an old
// instance's URL stays valid), hands it the database and the users'
// objects, and removes graft_admin's password. One transaction.
void EnsureLayout(pg::Conn& c) {
  c.Exec(std::string("DROP ROLE IF EXISTS ") + kMigrateRole);  // left by a killed migration: no session uses it now
  pg::Transaction tx(c);
  c.Exec(std::string("SELECT pg_advisory_xact_lock(") + kLayoutLock + ")");
  if (LayoutDone(c)) return;
  auto pw = c.Exec("SELECT rolpassword FROM pg_authid WHERE rolname = 'graft_admin'");
  c.Exec(
      "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postgres') THEN "
      "CREATE ROLE postgres LOGIN; END IF; END$$");
  c.Exec("ALTER ROLE postgres NOSUPERUSER NOCREATEROLE CREATEDB BYPASSRLS NOREPLICATION LOGIN");
  if (auto v = pw.Get(0, "rolpassword")) c.Exec("ALTER ROLE postgres PASSWORD " + pg::QuoteLiteral(*v));
  c.Exec("ALTER ROLE graft_admin PASSWORD NULL");
  ReassignUserObjects(c);
  tx.Commit();
}

}  // namespace

void ReassignUserObjects(pg::Conn& admin) {
  std::string sql = kReassignSql;
  sql.replace(sql.find("%SKIP%"), 6, ArrayLiteral(PlatformSchemas()));
  admin.Exec(sql);
}

const char* const* PlatformSchemas() {
  static const char* const kSchemas[] = {"system", "auth", "storage", "functions", "email", "realtime", "schedules",
                                         "cron", nullptr};
  return kSchemas;
}

std::string SocketConninfoAs(const std::string& socket_dir, int port, const std::string& role,
                             const std::string& dbname) {
  return "host=" + socket_dir + " port=" + std::to_string(port) + " user=" + role + " dbname=" + dbname;
}

pg::Conn ConnectAdmin(const std::string& socket_dir, int port, bool* migrated) {
  if (migrated) *migrated = false;
  std::optional<pg::Conn> c;
  try {
    c.emplace(pg::Conn::Open(SocketConninfoAs(socket_dir, port, kAdminRole)));
  } catch (const Error& e) {
    if (!RoleMissing(e, kAdminRole)) throw;
    RenameBootstrap(socket_dir, port);
    if (migrated) *migrated = true;
    c.emplace(pg::Conn::Open(SocketConninfoAs(socket_dir, port, kAdminRole)));
  }
  if (!LayoutDone(*c)) {
    EnsureLayout(*c);
    if (migrated) *migrated = true;
  }
  return std::move(*c);
}

pg::Conn ConnectUser(const std::string& socket_dir, int port) {
  return pg::Conn::Open(SocketConninfoAs(socket_dir, port, kUserRole));
}

bool AnswersQueries(const std::string& socket_dir, int port, int timeout_s) {
  for (const char* role : {kAdminRole, kUserRole}) {
    try {
      auto c = pg::Conn::Open(SocketConninfoAs(socket_dir, port, role), timeout_s);
      c.Exec("SELECT 1");
      return true;
    } catch (const Error& e) {
      if (!RoleMissing(e, role)) return false;
    }
  }
  return false;
}

}  // namespace graft::instance
