#include "engine/diff.h"

#include <future>

#include "common/error.h"
#include "common/teardown.h"
#include "ddl/plan.h"
#include "engine/apply.h"
#include "engine/diff_header.h"
#include "introspect/introspect.h"
#include "pg/conn.h"

namespace graft::engine {

namespace {

schema::Schema Read(const std::string& url, const std::string& which, const introspect::Options& opts) {
  try {
    pg::Conn conn = pg::Conn::Open(url);
    return introspect::Introspect(conn, opts);
  } catch (const Error& e) {
    Fail(e.kind(), which + " database: " + e.what(), e.hint());
  }
}

// A name inside the header's block comment: it cannot end the comment.
std::string InComment(std::string s) {
  for (size_t at = s.find("*/"); at != std::string::npos; at = s.find("*/", at)) s.replace(at, 2, "* /");
  return s;
}

constexpr const char* kOneTransaction = "psql -v ON_ERROR_STOP=1 --single-transaction -f FILE";
constexpr const char* kOnTheirOwn = "psql -v ON_ERROR_STOP=1 -f FILE";

}  // namespace

nlohmann::json DiffRunAdvice(const ddl::Plan& plan) {
  nlohmann::json nt = nlohmann::json::array();
  for (size_t i : NonTransactionalStatements(plan)) {
    nt.push_back({{"index", i}, {"statement", Describe(plan.statements[i])}});
  }
  bool one = nt.empty();
  std::string how = one ? std::string("run it in one transaction: ") + kOneTransaction +
                              " (safe inside BEGIN/COMMIT: all or nothing)"
                        : std::string("run it outside a transaction: ") + kOnTheirOwn +
                              " (each statement on its own); the not_transactional statements cannot run inside "
                              "BEGIN/COMMIT with the others";
  return {{"single_transaction", one}, {"how", how}, {"not_transactional", nt}};
}

std::string DiffRunHeader(const ddl::Plan& plan) {
  if (plan.empty()) return "";
  std::string n = std::to_string(plan.statements.size());
  std::string out = "/*\n * graft diff: " + n + (plan.statements.size() == 1 ? " statement" : " statements") +
                    " turning the source's schema into the target's, in this order.\n";
  auto nt = NonTransactionalStatements(plan);
  if (nt.empty()) {
    out += " * Safe inside BEGIN/COMMIT: run it all or nothing with\n *   " + std::string(kOneTransaction) +
           "\n * (without a transaction each statement commits on its own, and a failure\n"
           " * leaves the statements before it applied).\n */\n";
    return out;
  }
  out += " * Not safe inside one transaction: these statements are not_transactional\n"
         " * and must run outside a transaction (a later statement needs their effect\n"
         " * committed, or PostgreSQL refuses them inside a transaction block):\n";
  for (size_t i : nt) {
    out += " *   statement " + std::to_string(i + 1) + ": " + InComment(Describe(plan.statements[i])) + "\n";
  }
  out += " * Run it without BEGIN/COMMIT, each statement on its own:\n *   " + std::string(kOnTheirOwn) +
         "\n * (a failure leaves the statements before it applied).\n */\n";
  return out;
}

DiffResult Diff(const DiffRequest& req) {
  introspect::Options opts;
  opts.include_schemas = req.schemas;
  opts.exclude_schemas = req.exclude_schemas;
  // Both sides are read at the same time (two connections).
  auto target = std::async(std::launch::async, [&] { return Read(req.target_url, "target", opts); });
  schema::Schema from;
  try {
    from = Read(req.source_url, "source", opts);
  } catch (...) {
    target.wait();
    throw;
  }
  schema::Schema to = target.get();
  DiffResult result = DiffSchemas(from, to);
  // Freed at exit, not one node at a time here (common/teardown.h).
  Discard(std::move(from));
  Discard(std::move(to));
  return result;
}

DiffResult DiffSchemas(const schema::Schema& from, const schema::Schema& to) {
  ddl::Plan plan = ddl::BuildPlan(from, to);
  DiffResult result;
  result.json = plan.ToJson();
  result.json["run"] = DiffRunAdvice(plan);
  result.text = DiffRunHeader(plan) + plan.ToText();
  result.notes = plan.notes;
  Discard(std::move(plan));
  return result;
}

}  // namespace graft::engine
