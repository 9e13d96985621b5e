// Applying the embedded platform migrations (sql/platform/NNN_name.sql).
#include <algorithm>
#include <cstdlib>

#include "common/crypto.h"
#include "common/error.h"
#include "embedded.h"
#include "pg/transaction.h"
#include "platform/platform.h"

namespace graft::platform {

namespace {

// Arbitrary constant: the advisory lock that serializes platform installs.
constexpr const char* kInstallLock = "7405110042";

}  // namespace

const std::vector<PlatformMigration>& Migrations() {
  static const std::vector<PlatformMigration> migrations = [] {
    std::vector<PlatformMigration> out;
    const std::string prefix = "sql/platform/";
    for (const auto& f : embedded::Files()) {
      std::string path(f.path);
      if (path.rfind(prefix, 0) != 0 || path.size() < prefix.size() + 8) continue;
      if (path.substr(path.size() - 4) != ".sql") continue;
      std::string file = path.substr(prefix.size());
      std::string digits = file.substr(0, 3);
      if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
          file[3] != '_') {
        Fail(ErrorKind::kInternal, "platform migration " + path + " is not named NNN_name.sql");
      }
      PlatformMigration m;
      m.version = std::atoi(digits.c_str());
      m.name = file.substr(0, file.size() - 4);
      m.path = path;
      m.sql = std::string(f.content);
      m.checksum = Sha256Hex(m.sql);
      out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].version != static_cast<int>(i) + 1) {
        Fail(ErrorKind::kInternal, "platform migrations are not numbered 001, 002, ... without gaps (at " +
                                       out[i].path + ")");
      }
    }
    return out;
  }();
  return migrations;
}

int LatestVersion() { return Migrations().empty() ? 0 : Migrations().back().version; }

int InstalledVersion(pg::Conn& conn) {
  // Two queries: a statement naming a missing table fails at parse time.
  if (conn.Exec("SELECT to_regclass('system.platform_migrations') IS NULL").rows.at(0).at(0).value_or("t") == "t") {
    return 0;
  }
  auto r = conn.Exec("SELECT coalesce(max(version), 0) FROM system.platform_migrations");
  return std::atoi(r.rows.at(0).at(0).value_or("0").c_str());
}

void Install(pg::Conn& conn) {
  for (const auto& m : Migrations()) {
    pg::Transaction tx(conn);
    conn.Exec(std::string("SELECT pg_advisory_xact_lock(") + kInstallLock + ")");
    bool have_ledger = conn.Exec("SELECT to_regclass('system.platform_migrations') IS NOT NULL")
                           .rows.at(0).at(0).value_or("f") == "t";
    if (have_ledger) {
      auto r = conn.Exec("SELECT checksum FROM system.platform_migrations WHERE version = $1",
                         {std::to_string(m.version)});
      if (!r.rows.empty()) {
        if (r.rows[0][0].value_or("") != m.checksum) {
          Fail(ErrorKind::kWrongState, "platform migration " + m.name + " differs from the one applied on this instance",
               "the instance was set up by another graft build; recreate it or use the matching graft binary");
        }
        tx.Commit();
        continue;
      }
    }
    conn.Exec(m.sql);
    conn.Exec("INSERT INTO system.platform_migrations (version, name, checksum) VALUES ($1, $2, $3)",
              {std::to_string(m.version), m.name, m.checksum});
    tx.Commit();
  }
  int installed = InstalledVersion(conn);
  if (installed > LatestVersion()) {
    Fail(ErrorKind::kWrongState,
         "the platform schemas of this instance are at version " + std::to_string(installed) +
             ", newer than this graft (" + std::to_string(LatestVersion()) + ")",
         "use a newer graft binary");
  }
  SyncSchedules(conn);
}

void SyncSchedules(pg::Conn& conn) {
  if (InstalledVersion(conn) < 2) return;
  // Without pg_cron there is no job to point anywhere. Since platform
  // migration 4 it lives in pg_catalog and only graft's role can drop it; an
  // older instance (pg_cron in public) could lose it to DROP SCHEMA public
  // CASCADE, and gets it back when migration 4 runs.
  if (conn.Exec("SELECT to_regclass('cron.job') IS NULL").rows.at(0).at(0).value_or("t") == "t") return;
  pg::Transaction tx(conn);
  conn.Exec("SELECT schedules.sync_all()");
  tx.Commit();
}

}  // namespace graft::platform
