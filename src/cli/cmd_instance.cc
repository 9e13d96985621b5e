#include "cli/cli.h"

namespace graft::cli {

void RegisterInstanceCommands(CLI::App& app, Globals& g) {
  (void)app;
  (void)g;
}

}  // namespace graft::cli
