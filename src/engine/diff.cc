#include "engine/diff.h"

#include <future>

#include "common/error.h"
#include "ddl/plan.h"
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

}  // namespace

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
  ddl::Plan plan = ddl::BuildPlan(from, to);
  return DiffResult{plan.ToJson(), plan.ToText(), plan.notes};
}

}  // namespace graft::engine
