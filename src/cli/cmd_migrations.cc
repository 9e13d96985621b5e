// graft migrations new|apply|list
#include <iostream>

#include "cli/cmd_platform.h"

namespace graft::cli::platform_cmd {

void RegisterMigrations(CLI::App& app, Globals& g) {
  auto* mig = app.add_subcommand("migrations", "SQL migrations kept in ./migrations and their ledger");
  mig->require_subcommand(1);
  auto dir = std::make_shared<std::string>("migrations");

  auto* create = mig->add_subcommand("new", "create a timestamped migration file");
  auto name = std::make_shared<std::string>();
  create->add_option("NAME", *name, "migration name (lowercase letters, digits, '_')")->required();
  create->add_option("--dir", *dir, "migrations directory (default: ./migrations)");
  create->callback([&g, name, dir] {
    std::string path = engine::migrations::New(*dir, *name);
    Emit(g, Json{{"file", path}}, [&] { std::cout << "created " << path << "\n"; });
  });

  auto* apply = mig->add_subcommand("apply", "apply pending migrations (all, or the given files) in order");
  auto at = AddTargetFlags(apply);
  auto files = std::make_shared<std::vector<std::string>>();
  apply->add_option("FILE", *files, "migration files (default: every pending file of the directory)");
  apply->add_option("--dir", *dir, "migrations directory (default: ./migrations)");
  apply->callback([&g, at, files, dir] {
    auto rep = engine::migrations::Apply(*OpenEngine(g), Ref(*at), *dir, *files);
    Json r = rep.value;
    r["target"] = rep.target;
    Emit(g, r, [&] {
      if (r["applied"].empty()) std::cout << "nothing to apply on " << rep.target << "\n";
      for (const auto& a : r["applied"]) {
        std::cout << "applied " << a["version"].get<std::string>() << "_" << a["name"].get<std::string>() << " ("
                  << a["statements"] << " statements) on " << rep.target << "\n";
      }
    });
  });

  auto* list = mig->add_subcommand("list", "list applied and pending migrations");
  auto lt = AddTargetFlags(list);
  list->add_option("--dir", *dir, "migrations directory (default: ./migrations)");
  list->callback([&g, lt, dir] {
    auto r = engine::migrations::List(*OpenEngine(g), Ref(*lt), *dir);
    Emit(g, Json{{"target", r.target}, {"migrations", r.value}},
         [&] { PrintTable(r.value, {"version", "name", "status", "applied_at", "statements"}); });
  });
}

}  // namespace graft::cli::platform_cmd
