// graft/engine/apply.h: running a plan's statements on a database.
//
// ApplyPlan runs a ddl::Plan on a connection as ONE transaction, in the
// plan's order, with `SET LOCAL lock_timeout`: all of it commits or none of
// it does. A statement that cannot run in a transaction block, or whose
// effect a later statement of the same transaction cannot use (hazard
// not_transactional, e.g. ALTER TYPE ... ADD VALUE whose value the plan uses
// afterwards), is never run silently: the plan is refused before anything
// runs (the default), or, when the caller asks, split explicitly (the
// statements before it in one transaction, it alone outside any transaction
// block, the rest in another) and the result says so.
//
// RunStatements is the piece underneath, for callers that hold their own
// transaction open around it (the merge runs its drift guard, data-loss gate
// and verification in the same transaction as its statements).
//
// Errors are graft::Error: kDatabase for a statement that fails (naming the
// statement, and saying whether lock_timeout fired), kUsage for a refused
// plan. Not thread-safe per connection (one pg::Conn, one thread).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ddl/plan.h"
#include "pg/conn.h"

namespace graft::engine {

// One statement to run and the name errors give it ("alter table public.t").
struct ApplyStatement {
  std::string sql;
  std::string what;
};

// How RunStatements names its failures.
struct RunContext {
  std::string who = "apply";  // "apply stopped: ...", "merge stopped: ..."
  int lock_timeout_ms = 5000;  // only named in the error text (see SetLocalLockTimeout)
  // Appended to every failure: what the failure left behind.
  std::string outcome = "; nothing was applied";
  std::string lock_hint = "retry when the database is less busy, or raise the lock timeout";
};

// `SET LOCAL lock_timeout` for the transaction open on `c` (ms > 0).
void SetLocalLockTimeout(pg::Conn& c, int ms);

// Runs `statements` in order inside the transaction the caller holds open on
// `c`. The first failure throws kDatabase:
//   "<who> stopped: lock_timeout (<ms> ms) reached by <what> (waiting for a
//    lock): <sql><outcome>"            when lock_timeout fired, else
//   "<who> statement failed (<what>): <server message><outcome>";
// the transaction is then aborted and the caller must roll it back.
void RunStatements(pg::Conn& c, const std::vector<ApplyStatement>& statements, const RunContext& ctx);

// "<action> <kind> <object>" of a plan statement, as errors name it.
std::string Describe(const ddl::Statement& st);

// The indices of the plan's statements that carry not_transactional.
std::vector<size_t> NonTransactionalStatements(const ddl::Plan& plan);

enum class NonTransactionalPolicy {
  kRefuse,  // a plan with a not_transactional statement is refused (kUsage) before anything runs
  kSplit,   // such a plan runs in explicit pieces (see ApplyResult::pieces)
};

struct ApplyOptions {
  int lock_timeout_ms = 5000;
  NonTransactionalPolicy non_transactional = NonTransactionalPolicy::kRefuse;
  // false: a trial run. Everything runs, `before_commit` is called, then the
  // transaction rolls back. Only for plans that run in one transaction (a
  // plan that needs a split is refused, kUsage).
  bool commit = true;
  // Called inside the (last) transaction after its last statement, before
  // COMMIT: a check that throws rolls that transaction back.
  std::function<void(pg::Conn&)> before_commit;
};

struct ApplyResult {
  // A run of consecutive statements [first, first + count) and how it ran.
  struct Piece {
    size_t first = 0;
    size_t count = 0;
    bool in_transaction = true;  // false: alone, outside any transaction block
  };
  bool split = false;           // true: more than one piece (each committed on its own)
  std::vector<Piece> pieces;    // in order; one piece for a plan run in one transaction
  bool committed = false;       // false for a trial run (ApplyOptions::commit = false)
  // "one transaction", "one transaction (rolled back: trial run)" or
  // "split into N pieces around: <statement>, ...".
  std::string mode;
};

// How ApplyPlan would run `plan` (pieces and mode; nothing committed yet).
// Throws kUsage for a not_transactional plan under kRefuse, naming its
// statements.
ApplyResult PlanPieces(const ddl::Plan& plan, NonTransactionalPolicy policy);

// Runs `plan` on `c` (no transaction open on it) as described above. A
// failure in a split plan says which pieces were already committed.
ApplyResult ApplyPlan(pg::Conn& c, const ddl::Plan& plan, const ApplyOptions& opts = {});

}  // namespace graft::engine
