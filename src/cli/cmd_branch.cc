#include "cli/cli.h"

namespace graft::cli {

void RegisterBranchCommands(CLI::App& app, Globals& g) {
  (void)app;
  (void)g;
}

}  // namespace graft::cli
