#include "store/store.h"

#include <sqlite3.h>

#include <chrono>
#include <ctime>

#include "common/error.h"

namespace graft::store {

namespace {

// Numbered schema migrations. Append only: never edit a shipped entry.
const char* const kMigrations[] = {
    // 1: the initial control plane.
    R"sql(
CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES projects(id),
  state TEXT NOT NULL,
  mode TEXT,
  port INTEGER NOT NULL UNIQUE,
  db_password TEXT NOT NULL,
  jwt_secret TEXT NOT NULL,
  api_key TEXT NOT NULL,
  anon_key TEXT NOT NULL,
  clone_method TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_org_name ON projects(org_id, name) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX branches_parent_name ON projects(parent_id, name) WHERE parent_id IS NOT NULL;
CREATE TABLE operations (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  project_id INTEGER,
  project_name TEXT NOT NULL,
  state TEXT NOT NULL,
  step TEXT,
  lock_path TEXT NOT NULL,
  pid INTEGER NOT NULL,
  args TEXT NOT NULL DEFAULT '{}',
  error TEXT,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX operations_running ON operations(state) WHERE state = 'running';
CREATE TABLE steps (
  op_id INTEGER NOT NULL REFERENCES operations(id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  ms INTEGER,
  detail TEXT,
  PRIMARY KEY (op_id, seq)
);
CREATE TABLE context (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE t0 (
  branch_id INTEGER PRIMARY KEY REFERENCES projects(id),
  parent_id INTEGER NOT NULL,
  schema_json TEXT NOT NULL,
  platform_json TEXT NOT NULL,
  parent_lsn TEXT,
  snapshot_dir TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO orgs(name, created_at) VALUES ('default', strftime('%Y-%m-%dT%H:%M:%fZ','now'));
)sql",
    // 2: branch merges. `merges` is the history (kept after the
    // branch is deleted: no foreign key); status applying -> merged |
    // rolled_back | failed. `txid` is the parent transaction that applied it,
    // so a merge interrupted around its COMMIT is settled by asking the
    // parent (txid_status). `merge_bases` holds the base of the next merge of
    // a branch (absent: its T0); reset and delete remove it.
    R"sql(
CREATE TABLE merges (
  id INTEGER PRIMARY KEY,
  op_id INTEGER,
  branch_id INTEGER NOT NULL,
  parent_id INTEGER NOT NULL,
  branch_name TEXT NOT NULL,
  status TEXT NOT NULL,
  sql TEXT NOT NULL,
  parent_fingerprint_before TEXT NOT NULL,
  parent_fingerprint_after TEXT,
  txid TEXT,
  base_schema_json TEXT,
  base_platform_json TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX merges_branch ON merges(branch_id, id);
CREATE TABLE merge_bases (
  branch_id INTEGER PRIMARY KEY,
  merge_id INTEGER NOT NULL,
  schema_json TEXT NOT NULL,
  platform_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)sql",
};

constexpr int kLatest = sizeof(kMigrations) / sizeof(kMigrations[0]);

}  // namespace

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[80];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

std::string Rows::Str(size_t row, const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return rows.at(row)[i].value_or("");
  }
  Fail(ErrorKind::kInternal, "store result has no column " + column);
}

int64_t Rows::Int(size_t row, const std::string& column) const {
  std::string s = Str(row, column);
  return s.empty() ? 0 : std::stoll(s);
}

bool Rows::Null(size_t row, const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return !rows.at(row)[i].has_value();
  }
  Fail(ErrorKind::kInternal, "store result has no column " + column);
}

Store::Store(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
    Fail(ErrorKind::kEnvironment, "cannot open the control plane " + path + ": " + msg,
         "check that the home directory is writable");
  }
  sqlite3_busy_timeout(db_, 30000);
  try {
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=NORMAL");
    Exec("PRAGMA foreign_keys=ON");
    Migrate();
  } catch (...) {
    // A throwing constructor runs no destructor: close the handle here.
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() {
  if (db_) sqlite3_close(db_);
}

Rows Store::Query(const std::string& sql, const std::vector<Value>& params) {
  Rows out;
  const char* tail = sql.c_str();
  while (tail && *tail) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, tail, -1, &stmt, &tail) != SQLITE_OK) {
      Fail(ErrorKind::kInternal, std::string("control plane query failed: ") + sqlite3_errmsg(db_));
    }
    if (!stmt) break;  // trailing whitespace
    int n = sqlite3_bind_parameter_count(stmt);
    for (int i = 0; i < n && i < static_cast<int>(params.size()); ++i) {
      if (params[static_cast<size_t>(i)]) {
        sqlite3_bind_text(stmt, i + 1, params[static_cast<size_t>(i)]->c_str(), -1, SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, i + 1);
      }
    }
    out = Rows{};
    int cols = sqlite3_column_count(stmt);
    for (int c = 0; c < cols; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      for (int c = 0; c < cols; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) row.emplace_back(std::nullopt);
        else row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)));
      }
      out.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      std::string msg = sqlite3_errmsg(db_);
      int ext = sqlite3_extended_errcode(db_);
      sqlite3_finalize(stmt);
      if ((ext & 0xff) == SQLITE_CONSTRAINT) Fail(ErrorKind::kAlreadyExists, "control plane constraint: " + msg);
      if (ext == SQLITE_BUSY || ext == SQLITE_LOCKED) {
        Fail(ErrorKind::kWrongState, "the control plane is busy: " + msg, "another graft command holds it; retry");
      }
      Fail(ErrorKind::kInternal, "control plane query failed: " + msg);
    }
    sqlite3_finalize(stmt);
  }
  return out;
}

void Store::Exec(const std::string& sql, const std::vector<Value>& params) { Query(sql, params); }

int64_t Store::LastInsertId() { return sqlite3_last_insert_rowid(db_); }

void Store::Write(const std::function<void()>& fn) {
  if (in_txn_) {  // nested: join the outer transaction
    fn();
    return;
  }
  Exec("BEGIN IMMEDIATE");
  in_txn_ = true;
  try {
    fn();
    Exec("COMMIT");
    in_txn_ = false;
  } catch (...) {
    in_txn_ = false;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

int Store::SchemaVersion() {
  auto r = Query("PRAGMA user_version");
  return static_cast<int>(r.Int(0, "user_version"));
}

int Store::LatestSchemaVersion() { return kLatest; }

void Store::Migrate() {
  if (SchemaVersion() >= kLatest) {
    if (SchemaVersion() > kLatest) {
      Fail(ErrorKind::kEnvironment, "the control plane is at schema version " + std::to_string(SchemaVersion()) +
                                        ", newer than this graft understands (" + std::to_string(kLatest) + ")",
           "use a newer graft binary with this home");
    }
    return;
  }
  Write([&] {
    for (int v = SchemaVersion(); v < kLatest; ++v) {
      Exec(kMigrations[v]);
      Exec("PRAGMA user_version = " + std::to_string(v + 1));
    }
  });
}

}  // namespace graft::store
