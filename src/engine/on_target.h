// graft/engine/on_target.h: internal to the engine's resource calls
// (resources_*.cc): resolve a ready target, connect, run one platform
// operation on the connection.
#pragma once

#include <utility>

#include "engine/resources.h"
#include "pg/conn.h"

namespace graft::engine::detail {

// Resolves `at` (kNotFound, kUsage, kWrongState when not ready), connects and
// returns {display, fn(target, conn)}.
template <class Fn>
Reply OnTarget(Engine& eng, const TargetRef& at, Fn&& fn) {
  Target t = eng.ResolveReady(at.project, at.branch);
  pg::Conn conn = eng.Connect(t);
  Json value = fn(t, conn);
  return Reply{t.display, std::move(value)};
}

}  // namespace graft::engine::detail
