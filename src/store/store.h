// graft/store/store.h: the SQLite control plane of a home.
//
// Holds orgs, projects (a branch is a project row with a parent), keys,
// operations and their steps, the linked context and T0 records. Schema
// changes are numbered migrations applied at open. Safe for several graft
// processes on one home: WAL mode, a busy timeout, and write transactions
// taken with BEGIN IMMEDIATE. A Store is used by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace graft::store {

using Value = std::optional<std::string>;
using Row = std::vector<Value>;

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::string Str(size_t row, const std::string& column) const;
  int64_t Int(size_t row, const std::string& column) const;
  bool Null(size_t row, const std::string& column) const;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

class Store {
 public:
  // Opens or creates the database at `path` and migrates it to the latest
  // schema version. Throws Error(kEnvironment) when it cannot.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Parameters bind as text (nullopt = NULL); integers can be passed as text.
  Rows Query(const std::string& sql, const std::vector<Value>& params = {});
  void Exec(const std::string& sql, const std::vector<Value>& params = {});
  int64_t LastInsertId();

  // Runs `fn` in a write transaction (BEGIN IMMEDIATE); commits when it
  // returns, rolls back when it throws (and rethrows).
  void Write(const std::function<void()>& fn);

  int SchemaVersion();
  static int LatestSchemaVersion();

 private:
  void Migrate();
  sqlite3* db_ = nullptr;
  bool in_txn_ = false;
};

std::string NowUtc();  // ISO-8601 with milliseconds, UTC

}  // namespace graft::store
