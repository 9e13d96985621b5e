// graft status | start | stop
#include <iostream>

#include "cli/cli.h"
#include "cli/format.h"

namespace graft::cli {

void RegisterInstanceCommands(CLI::App& app, Globals& g) {
  {
    auto* cmd = app.add_subcommand("status", "list every instance and whether it accepts connections");
    cmd->callback([&g] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto all = eng.Status();
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& s : all) {
        auto j = TargetJson(s.target);
        j["target"] = s.target.display;
        j["running"] = s.running;
        j["accepting"] = s.accepting;
        j["status"] = s.detail;
        arr.push_back(j);
      }
      Emit(g, {{"home", eng.home()}, {"instances", arr}}, [&] {
        std::cout << "home: " << eng.home() << "\n";
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (const auto& s : all) {
          rows.push_back({s.target.display, s.target.state, std::to_string(s.target.port), s.detail});
        }
        PrintTable({"instance", "state", "port", "status"}, rows);
      });
    });
  }
  for (bool start : {true, false}) {
    auto* cmd = app.add_subcommand(start ? "start" : "stop",
                                   start ? "start every instance (or one project's, with its branches)"
                                         : "stop every instance (or one project's, with its branches)");
    auto project = std::make_shared<std::string>();
    cmd->add_option("--project,-p", *project, "only this project and its branches");
    cmd->callback([&g, project, start] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      if (start) eng.Start(Opt(*project));
      else eng.Stop(Opt(*project));
      auto all = eng.Status();
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& s : all) {
        if (!project->empty() && s.target.project != *project) continue;
        arr.push_back({{"target", s.target.display}, {"running", s.running}, {"accepting", s.accepting}});
      }
      Emit(g, {{"instances", arr}}, [&] {
        for (const auto& j : arr) {
          std::cout << j["target"].get<std::string>() << ": "
                    << (j["accepting"].get<bool>() ? "accepting connections" : j["running"].get<bool>() ? "running" : "stopped")
                    << "\n";
        }
      });
    });
  }
}

}  // namespace graft::cli
