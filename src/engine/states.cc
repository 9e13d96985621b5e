#include "engine/states.h"

#include <algorithm>

#include "common/error.h"

namespace graft::engine {

bool IsBusy(const std::string& state) {
  return state == "creating" || state == "merging" || state == "resetting" || state == "deleting";
}

const std::vector<std::string>& AllowedFrom(const std::string& operation) {
  static const std::vector<std::string> resting = {"ready", "merged"};
  // reset reopens a merged branch; a merged branch keeps serving and can be
  // deleted, or merged again after more work (from its new merge base).
  if (operation == "reset" || operation == "delete" || operation == "merge") return resting;
  Fail(ErrorKind::kInternal, "unknown lifecycle operation " + operation);
}

bool CanStart(const std::string& operation, const std::string& state) {
  const auto& allowed = AllowedFrom(operation);
  return std::find(allowed.begin(), allowed.end(), state) != allowed.end();
}

std::string BusyState(const std::string& operation) {
  if (operation == "reset") return "resetting";
  if (operation == "delete") return "deleting";
  if (operation == "merge") return "merging";
  if (operation == "create") return "creating";
  Fail(ErrorKind::kInternal, "operation " + operation + " has no busy state");
}

}  // namespace graft::engine
