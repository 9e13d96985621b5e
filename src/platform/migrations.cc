// User migrations: files in a directory, ledger in system.migrations.
#include <libpq-fe.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "common/crypto.h"
#include "common/text.h"
#include "common/error.h"
#include "common/input.h"
#include "common/limits.h"
#include "os/files.h"
#include "platform/migration_sql.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "pg/transaction.h"

namespace graft::platform {

namespace {

bool VersionLess(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

std::string BaseName(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

MigrationFile Load(const std::string& path) {
  auto parsed = ParseMigrationFileName(BaseName(path));
  if (!parsed) {
    Fail(ErrorKind::kUsage, "migration file " + Quoted(path) + " is not named <version>_<name>.sql",
         "create migrations with 'graft migrations new NAME'");
  }
  if (!os::Exists(path) || os::IsDir(path)) Fail(ErrorKind::kNotFound, "migration file " + Quoted(path) + " not found");
  MigrationFile m;
  m.version = parsed->first;
  m.name = parsed->second;
  m.path = path;
  m.sql = ReadInputLimited("migration file", path, kMaxMigrationFileBytes);
  if (auto bad = FirstInvalidUtf8(m.sql)) {
    Fail(ErrorKind::kUsage,
         "migration file " + Quoted(path, 200) + " is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")",
         "save the file as UTF-8");
  }
  m.checksum = Sha256Hex(m.sql);
  return m;
}

struct Applied {
  std::string version, name, checksum, applied_at;
  int statement_count = 0;
};

std::vector<Applied> Ledger(pg::Conn& conn) {
  auto r = conn.Exec(
      "SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "statement_count FROM system.migrations");
  std::vector<Applied> out;
  for (const auto& row : r.rows) {
    out.push_back({row[0].value_or(""), row[1].value_or(""), row[2].value_or(""), row[3].value_or(""),
                   std::stoi(row[4].value_or("0"))});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return VersionLess(a.version, b.version); });
  return out;
}

// True when `sql` holds nothing but whitespace, ';' and comments.
bool EmptySql(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      size_t nl = sql.find('\n', i);
      i = nl == std::string::npos ? sql.size() : nl + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string::npos) return false;
      i = end + 2;
    } else {
      return false;
    }
  }
  return true;
}

const Applied* FindApplied(const std::vector<Applied>& ledger, const std::string& version) {
  for (const auto& a : ledger) {
    if (a.version == version) return &a;
  }
  return nullptr;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> ParseMigrationFileName(const std::string& filename) {
  if (filename.size() < 7 || filename.substr(filename.size() - 4) != ".sql") return std::nullopt;
  size_t i = 0;
  while (i < filename.size() && filename[i] >= '0' && filename[i] <= '9') ++i;
  if (i == 0 || i > 32 || filename[i] != '_') return std::nullopt;
  std::string name = filename.substr(i + 1, filename.size() - 4 - i - 1);
  if (name.empty()) return std::nullopt;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
      return std::nullopt;
    }
  }
  return std::make_pair(filename.substr(0, i), name);
}

std::vector<MigrationFile> ScanMigrations(const std::string& dir) {
  std::vector<MigrationFile> out;
  if (!os::IsDir(dir)) return out;
  std::set<std::string> versions;
  for (const auto& f : os::ListDir(dir)) {
    if (!ParseMigrationFileName(f)) continue;
    MigrationFile m = Load(dir + "/" + f);
    if (!versions.insert(m.version).second) {
      Fail(ErrorKind::kUsage, "two migration files in " + dir + " have version " + m.version,
           "rename one of them so versions are unique");
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return VersionLess(a.version, b.version); });
  return out;
}

std::string NewMigration(const std::string& dir, const std::string& name) {
  if (name.empty() || name.size() > 100) Fail(ErrorKind::kUsage, "invalid migration name: it must be 1 to 100 characters");
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      Fail(ErrorKind::kUsage, "invalid migration name " + Quoted(name), "use lowercase letters, digits and '_'");
    }
  }
  os::MakeDirs(dir, os::UserMode(0777));
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
  std::string version = stamp;
  // Two migrations created within one second get consecutive versions.
  for (const auto& m : ScanMigrations(dir)) {
    if (!VersionLess(m.version, version) && m.version.size() == version.size()) {
      version = std::to_string(std::stoull(m.version) + 1);
    }
  }
  std::string path = dir + "/" + version + "_" + name + ".sql";
  os::WriteFileAtomic(path, "-- migration " + version + "_" + name + "\n-- Applied in one transaction by 'graft migrations apply'.\n\n",
                      os::UserMode(0666));
  return path;
}

Json ListMigrations(pg::Conn& conn, const std::string& dir) {
  auto files = ScanMigrations(dir);
  auto ledger = Ledger(conn);
  Json out = Json::array();
  std::set<std::string> seen;
  for (const auto& f : files) {
    seen.insert(f.version);
    Json item = {{"version", f.version}, {"name", f.name}, {"file", f.path}, {"checksum", f.checksum}};
    if (const Applied* a = FindApplied(ledger, f.version)) {
      item["status"] = a->checksum == f.checksum ? "applied" : "changed";
      item["applied_at"] = a->applied_at;
      item["statements"] = a->statement_count;
    } else {
      item["status"] = "pending";
    }
    out.push_back(item);
  }
  for (const auto& a : ledger) {
    if (seen.count(a.version)) continue;
    out.push_back({{"version", a.version}, {"name", a.name}, {"file", nullptr}, {"checksum", a.checksum},
                   {"status", "missing"}, {"applied_at", a.applied_at}, {"statements", a.statement_count}});
  }
  std::sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    return VersionLess(a["version"].get<std::string>(), b["version"].get<std::string>());
  });
  return out;
}

Json ApplyMigrations(pg::Conn& conn, const std::string& dir, const std::vector<std::string>& files) {
  std::vector<MigrationFile> all = ScanMigrations(dir);
  std::vector<MigrationFile> chosen;
  if (files.empty()) {
    chosen = all;
  } else {
    std::set<std::string> versions;
    for (const auto& f : files) {
      MigrationFile m = Load(f);
      if (!versions.insert(m.version).second) {
        Fail(ErrorKind::kUsage, "migration version " + m.version + " is given twice");
      }
      chosen.push_back(std::move(m));
    }
    std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return VersionLess(a.version, b.version); });
  }
  // Refuse before applying anything when an applied file changed.
  auto ledger = Ledger(conn);
  std::vector<const MigrationFile*> check;
  for (const auto& m : all) check.push_back(&m);
  for (const auto& m : chosen) check.push_back(&m);
  for (const auto* m : check) {
    if (const Applied* a = FindApplied(ledger, m->version); a && a->checksum != m->checksum) {
      Fail(ErrorKind::kWrongState,
           "migration " + m->version + "_" + m->name + " changed after it was applied (checksum " +
               a->checksum.substr(0, 12) + " applied, " + m->checksum.substr(0, 12) + " on disk)",
           "restore the applied content of " + m->path + " and put the change in a new migration");
    }
  }
  for (const auto& m : chosen) {
    if (!FindApplied(ledger, m.version) && EmptySql(m.sql)) {
      Fail(ErrorKind::kUsage, "migration " + m.version + "_" + m.name + " is empty",
           "write its SQL in " + m.path + " (or delete the file), then apply again");
    }
  }
  // Refuse before applying anything when a pending file holds a statement
  // that cannot run in the one transaction each file is applied in.
  for (const auto& m : chosen) {
    if (FindApplied(ledger, m.version)) continue;
    if (auto bad = FindNonTransactionalStatement(m.sql)) {
      std::string where = m.path + ":" + std::to_string(bad->line);
      if (bad->transaction_control) {
        Fail(ErrorKind::kUsage,
             where + ": migration " + m.version + "_" + m.name + " uses " + bad->statement +
                 ": graft applies each migration file in one transaction of its own",
             "remove the transaction control statements from the file; nothing was applied");
      }
      Fail(ErrorKind::kUsage,
           where + ": migration " + m.version + "_" + m.name + " uses " + bad->statement +
               ", which cannot run inside the transaction a migration is applied in",
           "run it with 'graft sql' outside migrations (or drop CONCURRENTLY); nothing was applied");
    }
  }
  Json applied = Json::array();
  for (const auto& m : chosen) {
    if (FindApplied(ledger, m.version)) continue;
    pg::Transaction tx(conn);
    // Two graft processes applying at once: the second waits, then skips.
    conn.Exec("SELECT pg_advisory_xact_lock(hashtextextended('graft-migrations', 0))");
    auto again = conn.Exec("SELECT checksum FROM system.migrations WHERE version = $1", {m.version});
    if (!again.rows.empty()) {
      if (again.rows[0][0].value_or("") != m.checksum) {
        Fail(ErrorKind::kWrongState, "migration " + m.version + "_" + m.name + " changed after it was applied");
      }
      continue;
    }
    std::vector<pg::Result> results;
    try {
      // As the user role, so what a migration creates is the user's
      // (instance/roles.h); the ledger row below is graft_admin's.
      conn.Exec("SET LOCAL ROLE postgres");
      results = conn.ExecAll(m.sql);
    } catch (const Error& e) {
      Fail(ErrorKind::kDatabase, "migration " + m.version + "_" + m.name + " failed: " + e.what(),
           e.hint().empty() ? "nothing of it was applied; fix the file and apply again" : e.hint());
    }
    if (PQtransactionStatus(conn.raw()) != PQTRANS_INTRANS) {
      Fail(ErrorKind::kUsage, "migration " + m.version + "_" + m.name + " ends the transaction graft opened for it",
           "remove BEGIN/COMMIT/ROLLBACK from the file: graft applies each file in one transaction");
    }
    conn.Exec("RESET ROLE");
    conn.Exec(
        "INSERT INTO system.migrations (version, name, checksum, statements, statement_count) "
        "VALUES ($1, $2, $3, $4, $5)",
        {m.version, m.name, m.checksum, m.sql, std::to_string(results.size())});
    tx.Commit();
    applied.push_back({{"version", m.version}, {"name", m.name}, {"file", m.path}, {"checksum", m.checksum},
                       {"statements", results.size()}});
  }
  return Json{{"applied", applied}, {"migrations", ListMigrations(conn, dir)}};
}

}  // namespace graft::platform
