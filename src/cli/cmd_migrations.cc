// graft migrations new|apply|list
#include <iostream>

#include "cli/cmd_platform.h"
#include "os/files.h"
#include "common/error.h"
#include "platform/resources.h"

namespace graft::cli::platform_cmd {

namespace pf = graft::platform;

void RegisterMigrations(CLI::App& app, Globals& g) {
  auto* mig = app.add_subcommand("migrations", "SQL migrations kept in ./migrations and their ledger");
  mig->require_subcommand(1);
  auto dir = std::make_shared<std::string>("migrations");

  auto* create = mig->add_subcommand("new", "create a timestamped migration file");
  auto name = std::make_shared<std::string>();
  create->add_option("NAME", *name, "migration name (lowercase letters, digits, '_')")->required();
  create->add_option("--dir", *dir, "migrations directory (default: ./migrations)");
  create->callback([&g, name, dir] {
    std::string path = pf::NewMigration(*dir, *name);
    Emit(g, Json{{"file", path}}, [&] { std::cout << "created " << path << "\n"; });
  });

  auto* apply = mig->add_subcommand("apply", "apply pending migrations (all, or the given files) in order");
  auto at = AddTargetFlags(apply);
  auto files = std::make_shared<std::vector<std::string>>();
  apply->add_option("FILE", *files, "migration files (default: every pending file of the directory)");
  apply->add_option("--dir", *dir, "migrations directory (default: ./migrations)");
  apply->callback([&g, at, files, dir] {
    if (files->empty() && !os::IsDir(*dir)) {
      Fail(ErrorKind::kNotFound, "migrations directory " + *dir + " does not exist",
           "create one with 'graft migrations new NAME', or pass --dir");
    }
    WithTarget(g, *at, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json r = pf::ApplyMigrations(conn, *dir, *files);
      r["target"] = t.display;
      Emit(g, r, [&] {
        if (r["applied"].empty()) std::cout << "nothing to apply on " << t.display << "\n";
        for (const auto& a : r["applied"]) {
          std::cout << "applied " << a["version"].get<std::string>() << "_" << a["name"].get<std::string>() << " ("
                    << a["statements"] << " statements) on " << t.display << "\n";
        }
      });
    });
  });

  auto* list = mig->add_subcommand("list", "list applied and pending migrations");
  auto lt = AddTargetFlags(list);
  list->add_option("--dir", *dir, "migrations directory (default: ./migrations)");
  list->callback([&g, lt, dir] {
    WithTarget(g, *lt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json rows = pf::ListMigrations(conn, *dir);
      Emit(g, Json{{"target", t.display}, {"migrations", rows}},
           [&] { PrintTable(rows, {"version", "name", "status", "applied_at", "statements"}); });
    });
  });
}

}  // namespace graft::cli::platform_cmd
