// graft project create|list|info|delete|keys, and graft link.
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "common/text.h"
#include "cli/format.h"
#include "common/error.h"
#include "engine/engine.h"
#include "engine/operation.h"

namespace graft::cli {

nlohmann::json TargetJson(const engine::Target& t, bool with_password) {
  nlohmann::json j = {{"name", t.branch ? *t.branch : t.project},
                      {"org", t.org},
                      {"project", t.project},
                      {"state", t.state},
                      {"port", t.port},
                      {"url", with_password ? t.url : RedactPasswords(t.url)},
                      {"created_at", t.created_at}};
  if (t.branch) {
    j["branch"] = *t.branch;
    j["mode"] = t.mode;
    j["clone_method"] = t.clone_method;
  }
  return j;
}

void InstallProgress(const Globals& g) {
  const bool starts = !g.json && Interactive(), timings = g.verbose > 0;
  if (!starts && !timings) return;
  engine::SetProgress([starts, timings](const engine::StepEvent& e) {
    if (!e.finished && starts) std::cerr << "  " << e.kind << ": " << e.step << "...\n";
    if (e.finished && timings) {
      char secs[32];
      snprintf(secs, sizeof secs, "%.2f", static_cast<double>(e.ms) / 1000.0);
      std::cerr << "step " << e.step << " " << secs << " s\n";
    }
  });
}

void RegisterProjectCommands(CLI::App& app, Globals& g) {
  auto* project = app.add_subcommand("project", "create, list, inspect and delete projects");
  project->require_subcommand(1);

  {
    auto* cmd = project->add_subcommand("create", "create a project with its own Postgres instance");
    auto name = std::make_shared<std::string>();
    auto org = std::make_shared<std::string>("default");
    cmd->add_option("NAME", *name, "project name")->required();
    cmd->add_option("--org", *org, "organisation (created when new)");
    cmd->callback([&g, name, org] {
      InstallProgress(g);
      auto engine_ = OpenEngine(g, engine::HomeMode::kCreate);
      auto& eng = *engine_;
      auto t = eng.CreateProject(*name, *org);
      auto k = eng.GetKeys(t);
      auto j = TargetJson(t, /*with_password=*/true);
      j["keys"] = {{"api_key", k.api_key}, {"anon_key", k.anon_key}};
      Emit(g, j, [&] {
        std::cout << "created project " << t.project << " (org " << t.org << ") ready on port " << t.port << "\n"
                  << "url:      " << t.url << "\n"
                  << "api key:  " << k.api_key << "\n"
                  << "anon key: " << k.anon_key << "\n";
      });
    });
  }
  {
    auto* cmd = project->add_subcommand("list", "list projects");
    cmd->callback([&g] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto list = eng.ListProjects();
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& t : list) {
        auto j = TargetJson(t);
        j["branches"] = eng.ListBranches(t.org + ":" + t.project).size();
        arr.push_back(j);
      }
      Emit(g, {{"projects", arr}}, [&] {
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (const auto& j : arr) {
          rows.push_back({j["name"].get<std::string>(), j["org"].get<std::string>(), j["state"].get<std::string>(),
                          std::to_string(j["port"].get<int>()), std::to_string(j["branches"].get<size_t>()),
                          j["created_at"].get<std::string>()});
        }
        PrintTable({"name", "org", "state", "port", "branches", "created"}, rows);
      });
    });
  }
  {
    auto* cmd = project->add_subcommand("info", "show a project");
    auto name = std::make_shared<std::string>();
    cmd->add_option("NAME", *name, "project name")->required();
    cmd->callback([&g, name] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto t = eng.Resolve(*name, std::nullopt);
      auto status = eng.StatusOf(t);
      bool running = status.running, accepting = status.accepting;
      auto j = TargetJson(t);
      j["running"] = running;
      j["accepting"] = accepting;
      j["ready"] = accepting && (t.state == "ready");
      j["data_dir"] = t.data_dir;
      nlohmann::json branches = nlohmann::json::array();
      for (const auto& b : eng.ListBranches(t.org + ":" + t.project)) branches.push_back(TargetJson(b));
      j["branches"] = branches;
      Emit(g, j, [&] {
        std::cout << "project:  " << t.project << " (org " << t.org << ")\n"
                  << "state:    " << t.state << (accepting ? ", accepting connections" : running ? ", not answering" : ", instance stopped") << "\n"
                  << "url:      " << RedactPasswords(t.url) << "  ('graft url' shows the password)\n"
                  << "port:     " << t.port << "\n"
                  << "data:     " << t.data_dir << "\n"
                  << "created:  " << t.created_at << "\n"
                  << "branches: " << branches.size() << "\n";
        for (const auto& b : branches) std::cout << "  - " << b["name"].get<std::string>() << " (" << b["state"].get<std::string>() << ")\n";
      });
    });
  }
  {
    auto* cmd = project->add_subcommand("delete", "stop and delete a project, its branches and all its files");
    auto name = std::make_shared<std::string>();
    auto org = std::make_shared<std::string>();
    auto yes = std::make_shared<bool>(false);
    cmd->add_option("NAME", *name, "project name")->required();
    cmd->add_option("--org", *org, "organisation");
    cmd->add_flag("-y,--yes", *yes, "do not ask for confirmation");
    cmd->callback([&g, name, org, yes] {
      if (!*yes && !Confirm("delete project " + Quoted(*name) + ", its branches and all their data?")) {
        Fail(ErrorKind::kUsage, "not deleting project " + Quoted(*name) + " without confirmation", "pass -y to confirm");
      }
      InstallProgress(g);
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      eng.DeleteProject(*name, *org);
      Emit(g, {{"deleted", *name}}, [&] { std::cout << "deleted project " << *name << "\n"; });
    });
  }
  {
    auto* cmd = project->add_subcommand("keys", "show a project's (or branch's) JWT secret, API key and anon key");
    auto name = std::make_shared<std::string>();
    auto branch = std::make_shared<std::string>();
    cmd->add_option("NAME", *name, "project name (default: the linked project)");
    cmd->add_option("--branch,-b", *branch, "a branch of the project");
    cmd->callback([&g, name, branch] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto t = eng.Resolve(name->empty() ? std::nullopt : std::optional(*name),
                           branch->empty() ? std::nullopt : std::optional(*branch));
      auto k = eng.GetKeys(t);
      nlohmann::json j = {{"target", t.display}, {"jwt_secret", k.jwt_secret}, {"api_key", k.api_key}, {"anon_key", k.anon_key}};
      Emit(g, j, [&] {
        std::cout << "target:     " << t.display << "\n"
                  << "jwt secret: " << k.jwt_secret << "\n"
                  << "api key:    " << k.api_key << "\n"
                  << "anon key:   " << k.anon_key << "\n";
      });
    });
  }
  {
    auto* cmd = app.add_subcommand("link", "set the current project (what commands act on without --project)");
    auto name = std::make_shared<std::string>();
    cmd->add_option("PROJECT", *name, "project name")->required();
    cmd->callback([&g, name] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      eng.Link(*name);
      Emit(g, {{"linked", *name}}, [&] { std::cout << "linked to project " << *name << "\n"; });
    });
  }
}

}  // namespace graft::cli
