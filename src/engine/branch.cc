// Branch lifecycle (issue 5): create, list, switch, reset, delete.
#include "common/error.h"
#include "engine/engine.h"

namespace graft::engine {

Target Engine::CreateBranch(const std::optional<std::string>&, const std::string&, const BranchOptions&) {
  Fail(ErrorKind::kInternal, "branches are not implemented yet");
}
std::vector<Target> Engine::ListBranches(const std::optional<std::string>&) { return {}; }
void Engine::SwitchBranch(const std::optional<std::string>&, const std::optional<std::string>&) {
  Fail(ErrorKind::kInternal, "branches are not implemented yet");
}
Target Engine::ResetBranch(const std::optional<std::string>&, const std::string&) {
  Fail(ErrorKind::kInternal, "branches are not implemented yet");
}
void Engine::DeleteBranch(const std::optional<std::string>&, const std::string&) {
  Fail(ErrorKind::kInternal, "branches are not implemented yet");
}
void Engine::RecoverBranchOp(const std::string& kind, int64_t, int64_t, const nlohmann::json&) {
  Fail(ErrorKind::kInternal, "cannot recover unknown operation kind " + kind);
}

}  // namespace graft::engine
