// graft/engine/operation.h: long operations as named, recorded steps.
//
// An Operation holds an exclusive lock file for its whole life and a row in
// the control plane's `operations` table (state 'running'). Each step is
// recorded in `steps` with its timing. If the process dies, the lock dies
// with it: the next graft command finds a 'running' operation whose lock it
// can take and finishes or rolls it back (Engine::Recover).
//
// Tests can make graft SIGKILL itself right after a step with
// GRAFT_TEST_KILL_AT=<kind>:<step> (for example project-create:start).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "os/files.h"

namespace graft::store {
class Store;
}

namespace graft::engine {

// What a long operation reports as it runs: each step as it starts, and
// again when it has finished, with its duration. Front ends show them (the
// CLI: starts on a terminal, finished steps with their timings under -v).
struct StepEvent {
  std::string kind;   // project-create, branch-create, ...
  std::string step;   // clone, start, ...
  bool finished = false;
  int64_t ms = 0;     // set when finished
};

// Called with each StepEvent. Not thread-safe: set once at startup.
void SetProgress(std::function<void(const StepEvent&)> fn);

// Records the steps of one operation in `steps` (with their timings), reports
// them (SetProgress) and honours GRAFT_TEST_KILL_AT after each. Numbering
// continues after the steps already recorded, so a recovery that redoes the
// steps of an interrupted operation records them under the same operation.
class StepRecorder {
 public:
  StepRecorder(store::Store& store, int64_t op_id, std::string kind);
  // Runs one step: records its start, runs `fn`, records its end.
  void Step(const std::string& name, const std::function<void()>& fn);

 private:
  store::Store* store_;
  int64_t op_id_;
  std::string kind_;
  int seq_;
};

class Operation {
 public:
  // Takes a fresh lock and records the operation. Call inside no transaction.
  // `in_txn` runs in the same write transaction as the insert (for example to
  // insert the project row): what it writes and the operation row commit
  // together or not at all.
  static Operation Begin(store::Store& store, const std::string& locks_dir, const std::string& kind,
                         const std::string& project_name, const nlohmann::json& args,
                         const std::function<int64_t()>& in_txn);
  Operation(Operation&&) = default;

  int64_t id() const { return id_; }
  int64_t project_id() const { return project_id_; }
  const std::string& kind() const { return kind_; }

  // Runs one step (StepRecorder::Step).
  void Step(const std::string& name, const std::function<void()>& fn) { steps_.Step(name, fn); }
  void Done();
  void Failed(const std::string& error);

 private:
  Operation(store::Store& store, os::FileLock lock, std::string lock_path, int64_t id, int64_t project_id,
            std::string kind)
      : store_(&store), lock_(std::move(lock)), lock_path_(std::move(lock_path)), id_(id), project_id_(project_id),
        kind_(kind), steps_(store, id, std::move(kind)) {}
  store::Store* store_;
  os::FileLock lock_;
  std::string lock_path_;
  int64_t id_;
  int64_t project_id_;
  std::string kind_;
  StepRecorder steps_;
};

// Throws Error(kInternal) when GRAFT_TEST_FAIL_AT equals "<kind>:<point>";
// raises SIGKILL when GRAFT_TEST_KILL_AT equals "<kind>:<point>"; blocks on
// the fifo GRAFT_TEST_PAUSE_FIFO when GRAFT_TEST_PAUSE_AT does (tests only).
void MaybeKill(const std::string& kind, const std::string& point);

// Moves branch `id` (shown as `display`) into the busy state of `operation`
// ("reset", "delete", "merge") inside the operation's transaction, refusing
// when its current state does not allow it. Returns `id`.
int64_t ClaimBranch(store::Store& s, int64_t id, const std::string& display, const std::string& operation);

}  // namespace graft::engine
