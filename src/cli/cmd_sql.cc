// graft sql | url
#include <iostream>

#include "cli/cli.h"
#include "common/text.h"
#include "cli/format.h"
#include "cli/input.h"
#include "common/error.h"
#include "engine/resources.h"

namespace graft::cli {

void RegisterSqlCommands(CLI::App& app, Globals& g) {
  {
    auto* cmd = app.add_subcommand("sql", "run SQL on a project's (or branch's) instance");
    auto project = std::make_shared<std::string>();
    auto branch = std::make_shared<std::string>();
    auto command = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_option("--branch,-b", *branch, "a branch of the project");
    auto* c = cmd->add_option("-c,--command", *command, "SQL to run");
    auto* f = cmd->add_option("-f,--file", *file, "file of SQL to run");
    c->excludes(f);
    cmd->callback([&g, project, branch, command, file] {
      if (command->empty() && file->empty()) Fail(ErrorKind::kUsage, "give SQL with -c SQL or -f FILE");
      std::string sql = *command;
      if (!file->empty()) {
        sql = ReadInput("SQL file", *file, kMaxSqlFileBytes);
        if (auto bad = FirstInvalidUtf8(sql)) {
          Fail(ErrorKind::kUsage, "SQL file " + Quoted(*file) + " is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")");
        }
      }
      auto reply = engine::RunSql(*OpenEngine(g), {Opt(*project), Opt(*branch)}, sql);
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : reply.results) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : r.rows) {
          nlohmann::json jr = nlohmann::json::array();
          for (const auto& v : row) jr.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
          rows.push_back(jr);
        }
        arr.push_back({{"command", r.command}, {"columns", r.columns}, {"rows", rows}});
      }
      Emit(g, {{"target", reply.target}, {"results", arr}}, [&] {
        for (const auto& r : reply.results) {
          if (!r.columns.empty()) PrintTable(r.columns, r.rows);
          else std::cout << r.command << "\n";
        }
      });
    });
  }
  {
    auto* cmd = app.add_subcommand("url", "print a libpq connection URL (psql accepts it)");
    auto project = std::make_shared<std::string>();
    auto branch = std::make_shared<std::string>();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_option("--branch,-b", *branch, "a branch of the project");
    cmd->callback([&g, project, branch] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto t = eng.Resolve(Opt(*project), Opt(*branch));
      Emit(g, {{"target", t.display}, {"url", t.url}}, [&] { std::cout << t.url << "\n"; });
    });
  }
}

}  // namespace graft::cli
