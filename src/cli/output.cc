#include <unistd.h>

#include <iostream>

#include "cli/cli.h"

namespace graft::cli {

void Emit(const Globals& g, const nlohmann::json& j, const std::function<void()>& text) {
  if (g.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    text();
  }
}

bool Interactive() { return isatty(2) != 0; }

}  // namespace graft::cli
