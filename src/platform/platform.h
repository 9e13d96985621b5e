// graft/platform/platform.h: the platform schemas of an instance and their
// registry.
//
// Every project instance holds, next to the user's tables, the backend's
// state in platform schemas (auth, storage, functions, email, realtime,
// schedules, system). They are created and upgraded by versioned migrations
// (sql/platform/NNN_name.sql, embedded in the binary). The registry
// (defs/platform_tables.json, embedded too) declares for every platform table
// its natural key, whether it is config (merged between branches field by
// field) or data (never merged), which columns are volatile (never a reason
// for a conflict) and which are secret (never printed).
//
// Thread-safety: Registry() is immutable after its first call and safe to
// share; functions taking a pg::Conn use it from the calling thread only.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pg/conn.h"

namespace graft::platform {

// --- migrations --------------------------------------------------------------

struct PlatformMigration {
  int version = 0;          // NNN of the file name
  std::string name;         // "001_init"
  std::string path;         // "sql/platform/001_init.sql"
  std::string sql;
  std::string checksum;     // sha256 hex of sql
};

// The embedded platform migrations, ordered by version.
const std::vector<PlatformMigration>& Migrations();
// The version the binary installs (the highest migration).
int LatestVersion();
// The platform schema version of the instance behind `conn`: 0 when none is
// installed.
int InstalledVersion(pg::Conn& conn);

// Applies every pending platform migration in order, each in its own
// transaction together with its ledger row (system.platform_migrations), so an
// interrupted install resumes where it stopped. Concurrent installs on one
// instance are serialized by an advisory lock. Throws Error(kDatabase) when a
// migration fails (that migration is rolled back; earlier ones stay), and
// Error(kWrongState) when an applied migration differs from the embedded one
// or the instance is newer than this binary.
void Install(pg::Conn& conn);

// Makes pg_cron's cron.job match schedules.jobs (schedules.sync_all()), each
// job naming this instance's Unix socket and port. Called by Install() and by
// a merge that wrote schedules.jobs rows (engine/merge.cc); a no-op before
// platform version 2. Branch create and reset do not call it: graft runs
// pg_cron with cron.use_background_workers = on (instance::Config), so a
// cloned job runs inside the clone whatever port its copied cron.job row
// names. Throws Error(kDatabase).
void SyncSchedules(pg::Conn& conn);

// --- branches ----------------------------------------------------------------

// Turns a fresh clone into a schema-only branch, in one transaction: empties
// the user tables and the registry's data tables (and pg_cron's run history),
// restarts every user sequence and refreshes populated materialized views,
// so that only the schema and the platform config remain. Throws
// Error(kDatabase).
void EmptyForSchemaOnly(pg::Conn& conn);

// --- registry ----------------------------------------------------------------

enum class TableClass { kConfig, kData };

struct TableSpec {
  std::string schema;
  std::string table;
  std::vector<std::string> key;        // natural key columns
  TableClass klass = TableClass::kConfig;
  std::vector<std::string> volatile_columns;
  std::vector<std::string> secret_columns;
  std::string description;

  std::string qualified() const { return schema + "." + table; }
  bool IsVolatile(const std::string& column) const;
  bool IsSecret(const std::string& column) const;
};

// The platform schemas, in a stable order.
const std::vector<std::string>& Schemas();

// Every platform table, loaded once from the embedded
// defs/platform_tables.json (validated: unknown class, empty key, a key that
// is also volatile, duplicates are internal errors).
const std::vector<TableSpec>& Registry();
// Parses a registry document; throws Error(kInternal) naming the problem.
std::vector<TableSpec> ParseRegistry(const std::string& json_text);
// The spec of schema.table, or nullptr.
const TableSpec* FindTable(const std::string& schema, const std::string& table);
// Same; throws Error(kInternal) when absent.
const TableSpec& Table(const std::string& schema, const std::string& table);

// --- secrets -----------------------------------------------------------------

// What a secret looks like in every output.
inline constexpr const char* kMask = "********";

// Masks a secret value: null stays null, an object keeps its keys with every
// value masked, anything else becomes kMask.
nlohmann::json MaskValue(const nlohmann::json& value);
// Masks every secret column of `spec` present in the row object `row`.
nlohmann::json MaskRow(const TableSpec& spec, nlohmann::json row);

// Runs `select` (a query whose rows are from schema.table, with parameters)
// and returns a JSON array of row objects with proper JSON types and the
// table's secret columns masked.
nlohmann::json QueryRows(pg::Conn& conn, const TableSpec& spec, const std::string& select,
                         const std::vector<std::optional<std::string>>& params = {});

// {"schema.table": [rows ordered by natural key]} for every config table of
// the registry, secrets in clear (the T0 record and the merge read them; they
// are merged, never shown). Throws Error(kDatabase).
nlohmann::json ConfigRows(pg::Conn& conn);
// The config tables a branch merge reconciles: every config table but
// system.platform_migrations (each instance's own install owns it).
std::vector<const TableSpec*> MergedConfigTables();

}  // namespace graft::platform
