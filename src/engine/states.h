// graft/engine/states.h: which lifecycle operation may start from which
// state. Pure. A project or branch is in exactly one state; an operation
// moves it to a busy state and back to a resting one when it ends.
#pragma once

#include <string>
#include <vector>

namespace graft::engine {

// Resting states: ready, merged. Busy states: creating, merging, resetting,
// deleting.
bool IsBusy(const std::string& state);

// The states `operation` ("reset", "delete", "merge") may
// start from.
const std::vector<std::string>& AllowedFrom(const std::string& operation);
bool CanStart(const std::string& operation, const std::string& state);
// The busy state an operation puts its object in.
std::string BusyState(const std::string& operation);

}  // namespace graft::engine
