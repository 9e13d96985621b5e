// The platform registry (defs/platform_tables.json) against the catalog of a
// real instance: every table of the platform schemas is declared, every
// declared table exists, and the declared columns exist.
#include <set>

#include "pg/conn.h"
#include "platform/platform.h"
#include "platform_test_util.h"

namespace graft::testing {

namespace {

std::string UrlOf(PlatformProject& p) {
  return p.Json({"url"})["url"].get<std::string>();
}

std::string SchemaList() {
  std::string list;
  for (const auto& s : platform::Schemas()) list += (list.empty() ? "" : ",") + pg::QuoteLiteral(s);
  return list;
}

}  // namespace

TEST(PlatformRegistry, CatalogAndRegistryMatchBothWays) {
  PlatformProject p;
  auto conn = pg::Conn::Open(UrlOf(p));
  EXPECT_EQ(platform::InstalledVersion(conn), platform::LatestVersion());

  auto r = conn.Exec(
      "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname IN (" + SchemaList() + ") ORDER BY 1");
  std::set<std::string> catalog;
  for (const auto& row : r.rows) catalog.insert(*row[0]);
  std::set<std::string> registry;
  for (const auto& t : platform::Registry()) registry.insert(t.qualified());
  ASSERT_FALSE(catalog.empty());
  for (const auto& t : catalog) EXPECT_TRUE(registry.count(t)) << t << " is a platform table missing from defs/platform_tables.json";
  for (const auto& t : registry) EXPECT_TRUE(catalog.count(t)) << t << " is declared in defs/platform_tables.json but not created";

  // Every declared column exists; the natural key is unique in the table.
  for (const auto& t : platform::Registry()) {
    auto cols = conn.Exec(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
        {t.qualified()});
    std::set<std::string> have;
    for (const auto& row : cols.rows) have.insert(*row[0]);
    std::vector<std::string> declared = t.key;
    declared.insert(declared.end(), t.volatile_columns.begin(), t.volatile_columns.end());
    declared.insert(declared.end(), t.secret_columns.begin(), t.secret_columns.end());
    for (const auto& c : declared) EXPECT_TRUE(have.count(c)) << t.qualified() << " has no column " << c;
    std::string keylist;
    for (const auto& k : t.key) keylist += (keylist.empty() ? "" : ",") + pg::QuoteLiteral(k);
    auto uniq = conn.Exec(
        "SELECT count(*) FROM pg_index i WHERE i.indrelid = to_regclass($1) AND i.indisunique AND "
        "(SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a "
        " WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)) = "
        "(SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY[" + keylist + "]::text[]) x)",
        {t.qualified()});
    EXPECT_EQ(uniq.rows[0][0].value_or("0"), "1") << t.qualified() << ": no unique index on its natural key";
  }
}

TEST(PlatformRegistry, InstallIsIdempotentAndRecordsTheVersion) {
  PlatformProject p;
  auto conn = p.home().Admin({"--project", p.name()});  // platform writes: graft_admin
  auto before = conn.Exec("SELECT version, checksum FROM system.platform_migrations ORDER BY version");
  ASSERT_EQ(before.rows.size(), platform::Migrations().size());
  for (size_t i = 0; i < before.rows.size(); ++i) {
    EXPECT_EQ(before.rows[i][1], platform::Migrations()[i].checksum);
  }
  conn.Exec("INSERT INTO storage.buckets (name) VALUES ('keep')");
  platform::Install(conn);  // nothing pending: a no-op that keeps data
  EXPECT_EQ(conn.Exec("SELECT count(*) FROM storage.buckets WHERE name = 'keep'").rows[0][0], "1");
  EXPECT_EQ(conn.Exec("SELECT count(*) FROM system.platform_migrations").rows[0][0],
            std::to_string(platform::Migrations().size()));
  // An applied migration that differs from the embedded one is refused.
  conn.Exec("UPDATE system.platform_migrations SET checksum = 'x' WHERE version = 1");
  try {
    platform::Install(conn);
    FAIL() << "a changed platform migration was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kWrongState);
  }
}

TEST(PlatformRegistry, UpgradesAnInstanceAtAnOlderVersion) {
  PlatformProject p;
  auto conn = p.home().Admin({"--project", p.name()});  // platform writes: graft_admin
  ASSERT_GE(platform::LatestVersion(), 2);
  // Bring the instance back to version 1, with a job scheduled the version-1
  // way (pg_cron's default node: TCP localhost).
  conn.Exec("INSERT INTO schedules.jobs (name, cron, target, sql) VALUES ('old', '0 1 * * *', 'sql', 'SELECT 1')");
  conn.ExecAll(
      "BEGIN;"
      "DELETE FROM system.platform_migrations WHERE version >= 2;"
      "UPDATE cron.job SET nodename = 'localhost', nodeport = 1;"
      "DROP FUNCTION schedules.localize_cron_job(text) CASCADE;"
      "DROP FUNCTION schedules.local_node();"
      "COMMIT;");
  EXPECT_EQ(platform::InstalledVersion(conn), 1);
  platform::Install(conn);
  EXPECT_EQ(platform::InstalledVersion(conn), platform::LatestVersion());
  EXPECT_EQ(conn.Exec("SELECT nodeport = current_setting('port')::int FROM cron.job WHERE jobname = 'old'").rows.at(0)[0], "t");
  // Data written before the upgrade is kept.
  EXPECT_EQ(conn.Exec("SELECT count(*) FROM schedules.jobs").rows[0][0], "1");
}

TEST(PlatformRegistry, PgCronIsInstalled) {
  PlatformProject p;
  EXPECT_EQ(p.Scalar("SELECT extname FROM pg_extension WHERE extname = 'pg_cron'"), "pg_cron");
}

}  // namespace graft::testing
