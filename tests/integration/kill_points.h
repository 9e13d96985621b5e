// The points at which the kill tests SIGKILL graft (GRAFT_TEST_KILL_AT=
// <operation>:<point>), declared once: "begin" (the operation is recorded,
// no step has run) and then every step the operation records in the control
// plane's `steps` table, in order. KillPoints.AreTheStepsOperationsRecord
// (kill_points_test.cc) runs each operation and fails when the steps it
// records differ from these lists, so a new step cannot go untested; the
// parameterised kill tests are instantiated from them.
#pragma once

#include <string>
#include <vector>

namespace graft::testing {

inline const std::vector<std::string>& ProjectCreateSteps() {
  static const std::vector<std::string> s = {"copy-template", "start", "configure", "ready"};
  return s;
}
inline const std::vector<std::string>& BranchCreateFullSteps() {
  static const std::vector<std::string> s = {"clone", "snapshot", "start", "configure", "record-t0", "ready"};
  return s;
}
inline const std::vector<std::string>& BranchCreateSchemaOnlySteps() {
  static const std::vector<std::string> s = {"clone",     "start",    "configure", "record-t0",
                                             "snapshot", "restart", "ready"};
  return s;
}
inline const std::vector<std::string>& BranchResetSteps() {
  static const std::vector<std::string> s = {"copy-snapshot", "stop", "swap-data", "restore-storage", "start"};
  return s;
}
// branch delete records no steps: it is rolled forward from "begin", and
// "removed-instance" is a kill point inside its roll-forward.

// "<operation>:begin" followed by "<operation>:<step>" for every step.
inline std::vector<std::string> KillPoints(const std::string& operation, const std::vector<std::string>& steps) {
  std::vector<std::string> points = {operation + ":begin"};
  for (const auto& s : steps) points.push_back(operation + ":" + s);
  return points;
}

// A gtest-safe name for a kill point ("branch-create:record-t0" ->
// "branch_create_record_t0").
inline std::string KillPointName(std::string point) {
  for (auto& c : point) {
    if (c == '-' || c == ':') c = '_';
  }
  return point;
}

}  // namespace graft::testing
