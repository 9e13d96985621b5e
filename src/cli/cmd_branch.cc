// graft branch create | list | switch | reset | delete
#include <iostream>

#include "cli/cli.h"
#include "cli/format.h"
#include "common/error.h"

namespace graft::cli {

void RegisterBranchCommands(CLI::App& app, Globals& g) {
  auto* branch = app.add_subcommand("branch", "branches: child projects cloned from a project");
  branch->require_subcommand(1);
  {
    auto* cmd = branch->add_subcommand("create", "create a branch of the current (or given) project");
    auto name = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    auto mode = std::make_shared<std::string>("full");
    auto no_switch = std::make_shared<bool>(false);
    cmd->add_option("NAME", *name, "branch name")->required();
    cmd->add_option("--project,-p", *project, "parent project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_option("--mode", *mode, "full (schema and data) or schema-only");
    cmd->add_flag("--no-switch", *no_switch, "keep the current context");
    cmd->callback([&g, name, project, mode, no_switch] {
      InstallProgress(g);
      engine::Engine eng(g.home, g.allow_other_owner);
      engine::Engine::BranchOptions opts;
      opts.mode = *mode;
      opts.switch_context = !*no_switch;
      auto t = eng.CreateBranch(Opt(*project), *name, opts);
      auto j = TargetJson(t, /*with_password=*/true);
      j["switched"] = !*no_switch;
      Emit(g, j, [&] {
        std::cout << "created branch " << *t.branch << " of " << t.project << " (" << t.mode << ", "
                  << t.clone_method << ") ready on port " << t.port << "\n"
                  << "url: " << t.url << "\n";
        if (!*no_switch) std::cout << "switched to branch " << *t.branch << "\n";
      });
    });
  }
  {
    auto* cmd = branch->add_subcommand("list", "list the branches of a project");
    auto project = std::make_shared<std::string>();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->callback([&g, project] {
      engine::Engine eng(g.home, g.allow_other_owner);
      auto list = eng.ListBranches(Opt(*project));
      std::optional<std::string> current;
      if (project->empty()) current = eng.LinkedBranch();
      else {
        auto t = eng.Resolve(*project, std::nullopt);
        auto linked = eng.LinkedProject();
        if (linked && *linked == t.org + ":" + t.project) current = eng.LinkedBranch();
      }
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& t : list) {
        auto j = TargetJson(t);
        j["current"] = current && *current == *t.branch;
        arr.push_back(j);
      }
      Emit(g, {{"branches", arr}}, [&] {
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (const auto& j : arr) {
          rows.push_back({std::string(j["current"].get<bool>() ? "*" : " "), j["name"].get<std::string>(),
                          j["state"].get<std::string>(), j["mode"].get<std::string>(),
                          j["created_at"].get<std::string>(), j["url"].get<std::string>()});
        }
        PrintTable({" ", "name", "state", "mode", "created", "url"}, rows);
      });
    });
  }
  {
    auto* cmd = branch->add_subcommand("switch", "make a branch (or the parent) the current context");
    auto name = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    auto parent = std::make_shared<bool>(false);
    auto* n = cmd->add_option("NAME", *name, "branch name");
    auto* p = cmd->add_flag("--parent", *parent, "switch back to the parent project");
    n->excludes(p);
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->callback([&g, name, project, parent] {
      if (name->empty() && !*parent) Fail(ErrorKind::kUsage, "name a branch, or pass --parent");
      engine::Engine eng(g.home, g.allow_other_owner);
      eng.SwitchBranch(Opt(*project), *parent ? std::nullopt : Opt(*name));
      auto t = eng.Resolve(std::nullopt, std::nullopt);
      Emit(g, {{"current", t.display}}, [&] { std::cout << "switched to " << t.display << "\n"; });
    });
  }
  for (bool reset : {true, false}) {
    auto* cmd = branch->add_subcommand(reset ? "reset" : "delete",
                                       reset ? "return a branch to its state at creation (T0)"
                                             : "stop and delete a branch with its files and snapshot");
    auto name = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    auto yes = std::make_shared<bool>(false);
    cmd->add_option("NAME", *name, "branch name")->required();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_flag("-y,--yes", *yes, "do not ask for confirmation");
    cmd->callback([&g, name, project, yes, reset] {
      std::string what = reset ? "reset branch " + *name + " to its creation state, discarding its changes?"
                               : "delete branch " + *name + " and all its data?";
      if (!*yes && !Confirm(what)) {
        Fail(ErrorKind::kUsage, std::string("not ") + (reset ? "resetting" : "deleting") + " branch '" + *name +
                                    "' without confirmation",
             "pass -y to confirm");
      }
      InstallProgress(g);
      engine::Engine eng(g.home, g.allow_other_owner);
      if (reset) {
        auto t = eng.ResetBranch(Opt(*project), *name);
        Emit(g, TargetJson(t, /*with_password=*/true), [&] { std::cout << "reset branch " << *name << " to T0 (" << t.state << ")\n"; });
      } else {
        eng.DeleteBranch(Opt(*project), *name);
        Emit(g, {{"deleted", *name}}, [&] { std::cout << "deleted branch " << *name << "\n"; });
      }
    });
  }
}

}  // namespace graft::cli
