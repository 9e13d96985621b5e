#include "engine/apply.h"

#include <algorithm>

#include "common/error.h"
#include "common/text.h"
#include "pg/transaction.h"

namespace graft::engine {

namespace {

// A statement as errors quote it: common::Printable (one line, cut at a
// character boundary with its length).
std::string Quote(const std::string& sql) { return Printable(sql, 200); }

std::vector<ApplyStatement> Slice(const ddl::Plan& plan, const ApplyResult::Piece& p) {
  std::vector<ApplyStatement> out;
  for (size_t i = p.first; i < p.first + p.count; ++i) {
    out.push_back({plan.statements[i].sql, Describe(plan.statements[i])});
  }
  return out;
}

std::string Names(const ddl::Plan& plan, const std::vector<size_t>& idx) {
  std::string s;
  for (size_t i : idx) {
    s += (s.empty() ? "" : "; ") + Describe(plan.statements[i]) + " (" + Quote(plan.statements[i].sql) + ")";
  }
  return s;
}

}  // namespace

void SetLocalLockTimeout(pg::Conn& c, int ms) {
  if (ms <= 0) Fail(ErrorKind::kUsage, "lock timeout must be a positive number of milliseconds, got " + std::to_string(ms));
  c.Exec("SET LOCAL lock_timeout = '" + std::to_string(ms) + "ms'");
}

void RunStatements(pg::Conn& c, const std::vector<ApplyStatement>& statements, const RunContext& ctx) {
  for (const auto& st : statements) {
    try {
      c.ExecAll(st.sql);
    } catch (const Error& ex) {
      std::string msg = ex.what();
      if (msg.find("lock timeout") != std::string::npos) {
        Fail(ErrorKind::kDatabase,
             ctx.who + " stopped: lock_timeout (" + std::to_string(ctx.lock_timeout_ms) + " ms) reached by " +
                 st.what + " (waiting for a lock): " + Quote(st.sql) + ctx.outcome,
             ctx.lock_hint);
      }
      Fail(ErrorKind::kDatabase, ctx.who + " statement failed (" + st.what + "): " + msg + ctx.outcome);
    }
  }
}

std::string Describe(const ddl::Statement& st) {
  std::string s = st.action;
  if (!st.kind.empty()) s += " " + st.kind;
  if (!st.object.empty()) s += " " + st.object;
  return s.empty() ? "statement" : s;
}

std::vector<size_t> NonTransactionalStatements(const ddl::Plan& plan) {
  std::vector<size_t> out;
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    if (plan.statements[i].Has(ddl::Hazard::kNotTransactional)) out.push_back(i);
  }
  return out;
}

ApplyResult PlanPieces(const ddl::Plan& plan, NonTransactionalPolicy policy) {
  ApplyResult r;
  auto nt = NonTransactionalStatements(plan);
  if (nt.empty()) {
    r.pieces.push_back({0, plan.statements.size(), true});
    r.mode = "one transaction";
    return r;
  }
  if (policy == NonTransactionalPolicy::kRefuse) {
    Fail(ErrorKind::kUsage,
         "the plan has " + std::to_string(nt.size()) +
             " statement(s) that cannot run inside its one transaction (not_transactional): " + Names(plan, nt) +
             "; nothing was applied",
         "run the plan in pieces (the statements before it, it alone, the rest), e.g. with psql -f");
  }
  size_t start = 0;
  for (size_t i : nt) {
    if (i > start) r.pieces.push_back({start, i - start, true});
    r.pieces.push_back({i, 1, false});
    start = i + 1;
  }
  if (start < plan.statements.size()) r.pieces.push_back({start, plan.statements.size() - start, true});
  r.split = r.pieces.size() > 1;
  r.mode = "split into " + std::to_string(r.pieces.size()) + " pieces around: " + Names(plan, nt);
  return r;
}

ApplyResult ApplyPlan(pg::Conn& c, const ddl::Plan& plan, const ApplyOptions& opts) {
  ApplyResult r = PlanPieces(plan, opts.non_transactional);
  bool outside = std::any_of(r.pieces.begin(), r.pieces.end(), [](const auto& p) { return !p.in_transaction; });
  if (!opts.commit && outside) {
    Fail(ErrorKind::kUsage, "a trial run (rolled back) cannot run a plan that needs to be split: " + r.mode);
  }
  RunContext ctx;
  ctx.lock_timeout_ms = opts.lock_timeout_ms;
  size_t done = 0;  // statements committed so far
  for (size_t p = 0; p < r.pieces.size(); ++p) {
    const auto& piece = r.pieces[p];
    bool last = p + 1 == r.pieces.size();
    ctx.outcome = done == 0 ? "; nothing was applied"
                            : "; the first " + std::to_string(done) + " statement(s) of the plan were committed (" +
                                  r.mode + "), the rest were not applied";
    if (!piece.in_transaction) {
      // Outside a transaction block SET LOCAL does nothing: the session's
      // lock_timeout is set around the statement.
      c.Exec("SET lock_timeout = '" + std::to_string(opts.lock_timeout_ms) + "ms'");
      try {
        RunStatements(c, Slice(plan, piece), ctx);
      } catch (...) {
        c.Exec("RESET lock_timeout");
        throw;
      }
      c.Exec("RESET lock_timeout");
      if (last && opts.before_commit) opts.before_commit(c);
      done += piece.count;
      continue;
    }
    pg::Transaction tx(c);
    SetLocalLockTimeout(c, opts.lock_timeout_ms);
    RunStatements(c, Slice(plan, piece), ctx);
    if (last && opts.before_commit) opts.before_commit(c);
    if (!opts.commit) {
      r.mode += " (rolled back: trial run)";
      return r;  // tx rolls back
    }
    tx.Commit();
    done += piece.count;
  }
  r.committed = opts.commit;
  return r;
}

}  // namespace graft::engine
