// graft diff SOURCE TARGET: prints the SQL that turns SOURCE's schema into
// TARGET's (introspect both, diff, plan).
#include <future>
#include <iostream>

#include "cli/cli.h"
#include "common/error.h"
#include "ddl/plan.h"
#include "introspect/introspect.h"
#include "pg/conn.h"

namespace graft::cli {

namespace {

struct DiffArgs {
  std::string source;
  std::string target;
  std::vector<std::string> schemas;
  std::vector<std::string> exclude;
};

schema::Schema Read(const std::string& url, const std::string& which, const introspect::Options& opts) {
  try {
    pg::Conn conn = pg::Conn::Open(url);
    return introspect::Introspect(conn, opts);
  } catch (const Error& e) {
    Fail(e.kind(), which + " database: " + e.what(), e.hint());
  }
}

void RunDiff(const Globals& g, const DiffArgs& a) {
  introspect::Options opts;
  opts.include_schemas = a.schemas;
  opts.exclude_schemas = a.exclude;
  // Both sides are read at the same time (two connections).
  auto target = std::async(std::launch::async, [&] { return Read(a.target, "target", opts); });
  schema::Schema from;
  try {
    from = Read(a.source, "source", opts);
  } catch (...) {
    target.wait();
    throw;
  }
  schema::Schema to = target.get();
  ddl::Plan plan = ddl::BuildPlan(from, to);
  if (g.json) {
    std::cout << Dump(plan.ToJson()) << "\n";
    return;
  }
  std::cout << plan.ToText();
  std::cout.flush();
  for (const auto& n : plan.notes) std::cerr << "note: " << n << "\n";
}

}  // namespace

void RegisterDiffCommands(CLI::App& app, Globals& g) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand("diff", "print the SQL that turns SOURCE's schema into TARGET's");
  cmd->add_option("SOURCE", args->source, "libpq connection URL of the database to change")->required();
  cmd->add_option("TARGET", args->target, "libpq connection URL of the database to match")->required();
  cmd->add_option("--schema", args->schemas, "compare only this schema (repeatable)");
  cmd->add_option("--exclude-schema", args->exclude, "leave this schema out (repeatable)");
  cmd->callback([&g, args] { RunDiff(g, *args); });
}

}  // namespace graft::cli
