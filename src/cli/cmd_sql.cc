#include "cli/cli.h"

namespace graft::cli {

void RegisterSqlCommands(CLI::App& app, Globals& g) {
  (void)app;
  (void)g;
}

}  // namespace graft::cli
