// graft/platform/migration_sql.h: what a migration file may contain. Pure.
//
// `graft migrations apply` runs each file in one transaction that it opens
// and commits together with the file's ledger row. A statement that ends or
// splits that transaction (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE,
// PREPARE TRANSACTION, ...) would leave the ledger lying about what ran, and a
// statement PostgreSQL refuses inside a transaction block (CREATE INDEX
// CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM,
// CREATE/DROP DATABASE, ALTER SYSTEM, tablespaces) cannot run there at all.
// Both are found with PostgreSQL's own parser (libpg-query) before anything
// of any file runs. Thread-safe (libpg-query keeps its state per thread).
#pragma once

#include <optional>
#include <string>

namespace graft::platform {

struct RefusedStatement {
  int line = 0;           // 1-based line of the statement's first keyword
  std::string statement;  // what it is, e.g. "COMMIT", "CREATE INDEX CONCURRENTLY"
  bool transaction_control = false;  // true: BEGIN/COMMIT/...; false: cannot run in a transaction
};

// The first statement of `sql` that cannot run inside the transaction graft
// applies a migration in, or std::nullopt. SQL that does not parse gives
// std::nullopt: the server rejects the whole file before running any of it.
std::optional<RefusedStatement> FindNonTransactionalStatement(const std::string& sql);

}  // namespace graft::platform
