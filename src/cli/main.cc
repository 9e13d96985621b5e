// graft: git-style branches for a Postgres-based backend.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli/cli.h"
#include "cli/cmd_platform.h"
#include "common/error.h"
#include "common/text.h"

namespace {

// Prints an error once: `error: …` (and `hint: …`) on stderr, one line each
// with every byte printable, and with --json the same as a JSON object on
// stdout. Returns the kind's exit code.
int Report(bool json, graft::ErrorKind kind, const std::string& raw_message, const std::string& raw_hint) {
  using namespace graft;
  // A URL echoed back (a diff argument, a connection failure) never shows
  // its password.
  // The same one line in both outputs: names in messages are already
  // Quoted; whatever else slipped in (a newline, a stray byte) is escaped
  // here, and a very long message is cut.
  std::string message = Printable(RedactPasswords(raw_message), 2000, false);
  std::string hint = Printable(RedactPasswords(raw_hint), 2000, false);
  if (json) {
    nlohmann::json j = {{"kind", KindName(kind)}, {"code", ExitCode(kind)}, {"message", message}};
    if (!hint.empty()) j["hint"] = hint;
    std::cout << cli::Dump(nlohmann::json{{"error", j}}) << "\n";
  }
  std::cerr << "error: " << message << "\n";
  if (!hint.empty()) std::cerr << "hint: " << hint << "\n";
  return ExitCode(kind);
}

// The command families, in the order `graft --help` lists them: the
// top-level commands each registers, and how.
struct Family {
  std::vector<std::string_view> commands;
  void (*add)(CLI::App&, graft::cli::Globals&);
};
const std::vector<Family>& Families() {
  using namespace graft::cli;
  static const std::vector<Family> families = {
      {{"project", "link"}, RegisterProjectCommands},
      {{"status", "start", "stop"}, RegisterInstanceCommands},
      {{"sql", "url"}, RegisterSqlCommands},
      {{"token"}, RegisterTokenCommands},
      {{"diff"}, RegisterDiffCommands},
      {{"branch"}, RegisterBranchCommands},
      {{"auth"}, platform_cmd::RegisterAuth},
      {{"storage"}, platform_cmd::RegisterStorage},
      {{"functions"}, platform_cmd::RegisterFunctions},
      {{"email"}, platform_cmd::RegisterEmail},
      {{"realtime"}, platform_cmd::RegisterRealtime},
      {{"schedules"}, platform_cmd::RegisterSchedules},
      {{"migrations"}, platform_cmd::RegisterMigrations},
  };
  return families;
}

// The family of the command argv names, or nullptr when every family is
// needed: help, version, `--`, no command or an unknown one (whose messages
// list or suggest every command). Registering one family instead of all is most
// of a short command's start-up (CLI11 builds every option of every
// command); the global options are the only ones before the command, and
// --home is the only one of them that takes a value.
const Family* FamilyOf(int argc, char** argv) {
  std::string_view command;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-h" || a == "--help" || a == "--help-all" || a == "--version" || a == "--") return nullptr;
    if (!command.empty() || a.empty()) continue;
    if (a == "--home") {
      ++i;
    } else if (a[0] != '-') {
      command = a;
    }
  }
  for (const auto& f : Families()) {
    for (auto c : f.commands) {
      if (c == command) return &f;
    }
  }
  return nullptr;
}

bool JsonRequested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--json") return true;
  }
  const char* env = getenv("GRAFT_JSON");
  return env && *env && std::string(env) != "0" && std::string(env) != "false";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace graft;
  signal(SIGPIPE, SIG_IGN);
  // Everything graft creates is private to its owner (the home holds
  // passwords and secrets).
  engine::StartProcess();
  // Names, values and paths are UTF-8: a stray byte is refused here, before
  // it can reach a message, a JSON document or the database.
  for (int i = 1; i < argc; ++i) {
    if (auto bad = FirstInvalidUtf8(argv[i])) {
      return Report(JsonRequested(argc, argv), ErrorKind::kUsage,
                    "argument " + std::to_string(i) + " " + Quoted(argv[i]) + " is not valid UTF-8 (byte " +
                        std::to_string(*bad + 1) + ")",
                    "graft takes names, values and paths as UTF-8 text");
    }
  }
  CLI::App app{"graft: git-style branches for a Postgres-based backend"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "show help for every command");
  app.set_version_flag("--version", std::string("graft ") + GRAFT_VERSION);
  cli::Globals g;
  app.add_option("--home", g.home, "state directory (default: $GRAFT_HOME, else /var/lib/graft as root, ~/.local/share/graft otherwise)")
      ->envname("GRAFT_HOME");
  app.add_flag("--json", g.json, "machine-readable output")->envname("GRAFT_JSON");
  app.add_flag("-v,--verbose", g.verbose, "more output (repeat for more)");
  app.add_flag("--allow-other-owner", g.allow_other_owner,
               "use a home (and files in it) owned by another user; only for a home whose owner you trust");
  // Allow the global flags after the subcommand too.
  app.fallthrough();

  if (const Family* family = FamilyOf(argc, argv)) {
    family->add(app, g);
  } else {
    // Every family, each checked against the commands the table gives it (a
    // command the table misses or misplaces would fail when named alone;
    // every test that runs `graft --help` would fail first).
    for (const auto& f : Families()) {
      size_t before = app.get_subcommands({}).size();
      f.add(app, g);
      auto subs = app.get_subcommands({});
      bool same = subs.size() - before == f.commands.size();
      for (size_t i = before; i < subs.size(); ++i) {
        bool listed = false;
        for (auto c : f.commands) listed = listed || c == subs[i]->get_name();
        same = same && listed;
      }
      if (!same) {
        std::cerr << "internal error: main.cc's family table does not list what " << f.commands.front()
                  << "'s family registers\n";
        return 1;
      }
    }
  }

  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    auto text = cli::DescribeParseError(app, e);
    return Report(g.json || JsonRequested(argc, argv), ErrorKind::kUsage, text.message, text.hint);
  } catch (const Error& e) {
    return Report(g.json, e.kind(), e.what(), e.hint());
  } catch (const std::exception& e) {
    return Report(g.json, ErrorKind::kInternal, std::string("internal: ") + e.what(), "");
  }
}
