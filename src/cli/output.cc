#include <unistd.h>

#include <iostream>

#include "cli/cli.h"

namespace graft::cli {

std::unique_ptr<engine::Engine> OpenEngine(const Globals& g, engine::HomeMode mode) {
  auto eng = std::make_unique<engine::Engine>(g.home, g.allow_other_owner, mode);
  eng->Recover();
  return eng;
}

std::string Dump(const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); }

void Emit(const Globals& g, const nlohmann::json& j, const std::function<void()>& text) {
  if (g.json) {
    std::cout << Dump(j) << "\n";
  } else {
    text();
  }
}

bool Interactive() { return isatty(2) != 0; }

}  // namespace graft::cli
