// graft sql | url
#include <iostream>

#include "cli/cli.h"
#include "common/text.h"
#include "cli/format.h"
#include "common/error.h"
#include "os/files.h"

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
        if (!os::Exists(*file)) Fail(ErrorKind::kNotFound, "SQL file " + Quoted(*file) + " does not exist");
        if (os::IsDir(*file)) Fail(ErrorKind::kUsage, "SQL file " + Quoted(*file) + " is a directory");
        sql = os::ReadFile(*file);
        if (auto bad = FirstInvalidUtf8(sql)) {
          Fail(ErrorKind::kUsage, "SQL file " + Quoted(*file) + " is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")");
        }
      }
      engine::Engine eng(g.home, g.allow_other_owner);
      auto t = eng.ResolveReady(Opt(*project), Opt(*branch));
      auto conn = eng.ConnectUser(t);
      auto results = conn.ExecAll(sql);
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : results) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : r.rows) {
          nlohmann::json jr = nlohmann::json::array();
          for (const auto& v : row) jr.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
          rows.push_back(jr);
        }
        arr.push_back({{"command", r.command_tag}, {"columns", r.columns}, {"rows", rows}});
      }
      Emit(g, {{"target", t.display}, {"results", arr}}, [&] {
        for (const auto& r : results) {
          if (!r.columns.empty()) PrintTable(r.columns, r.rows);
          else std::cout << r.command_tag << "\n";
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
      engine::Engine eng(g.home, g.allow_other_owner);
      auto t = eng.Resolve(Opt(*project), Opt(*branch));
      Emit(g, {{"target", t.display}, {"url", t.url}}, [&] { std::cout << t.url << "\n"; });
    });
  }
}

}  // namespace graft::cli
