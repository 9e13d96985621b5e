// graft: git-style branches for a Postgres-based backend.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "common/error.h"

int main(int argc, char** argv) {
  using namespace graft;
  signal(SIGPIPE, SIG_IGN);
  CLI::App app{"graft: git-style branches for a Postgres-based backend"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "show help for every command");
  cli::Globals g;
  app.add_option("--home", g.home, "state directory (default: $GRAFT_HOME, else /var/lib/graft as root, ~/.local/share/graft otherwise)")
      ->envname("GRAFT_HOME");
  app.add_flag("--json", g.json, "machine-readable output")->envname("GRAFT_JSON");
  app.add_flag("-v,--verbose", g.verbose, "more output (repeat for more)");
  // Allow the global flags after the subcommand too.
  app.fallthrough();

  cli::RegisterProjectCommands(app, g);
  cli::RegisterInstanceCommands(app, g);
  cli::RegisterSqlCommands(app, g);
  cli::RegisterTokenCommands(app, g);
  cli::RegisterDiffCommands(app, g);
  cli::RegisterBranchCommands(app, g);
  cli::RegisterPlatformCommands(app, g);

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
    std::string msg = e.what();
    if (g.json) {
      std::cout << nlohmann::json{{"error", {{"kind", "usage"}, {"code", ExitCode(ErrorKind::kUsage)}, {"message", msg}}}}.dump(2) << "\n";
    }
    std::cerr << "error: " << msg << "\nhint: run 'graft --help' (or 'graft COMMAND --help') for usage\n";
    return ExitCode(ErrorKind::kUsage);
  } catch (const Error& e) {
    if (g.json) {
      nlohmann::json j = {{"kind", KindName(e.kind())}, {"code", ExitCode(e.kind())}, {"message", e.what()}};
      if (!e.hint().empty()) j["hint"] = e.hint();
      std::cout << nlohmann::json{{"error", j}}.dump(2) << "\n";
    }
    std::cerr << "error: " << e.what() << "\n";
    if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << "\n";
    return ExitCode(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
    return ExitCode(ErrorKind::kInternal);
  }
}
