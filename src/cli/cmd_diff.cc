// graft diff SOURCE TARGET: prints the SQL that turns SOURCE's schema into
// TARGET's (engine::Diff: introspect both, diff, plan), after a comment
// saying how to run it (--json: the "run" field).
#include <iostream>

#include "cli/cli.h"
#include "engine/diff.h"

namespace graft::cli {

void RegisterDiffCommands(CLI::App& app, Globals& g) {
  auto args = std::make_shared<engine::DiffRequest>();
  CLI::App* cmd = app.add_subcommand("diff", "print the SQL that turns SOURCE's schema into TARGET's");
  cmd->add_option("SOURCE", args->source_url, "libpq connection URL of the database to change")->required();
  cmd->add_option("TARGET", args->target_url, "libpq connection URL of the database to match")->required();
  cmd->add_option("--schema", args->schemas, "compare only this schema (repeatable)");
  cmd->add_option("--exclude-schema", args->exclude_schemas, "leave this schema out (repeatable)");
  cmd->callback([&g, args] {
    engine::DiffResult d = engine::Diff(*args);
    if (g.json) {
      std::cout << Dump(d.json) << "\n";
      return;
    }
    std::cout << d.text;
    std::cout.flush();
    for (const auto& n : d.notes) std::cerr << "note: " << n << "\n";
  });
}

}  // namespace graft::cli
