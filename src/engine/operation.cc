#include "engine/operation.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "common/crypto.h"
#include "common/error.h"
#include "common/text.h"
#include "engine/states.h"
#include "store/records.h"
#include "store/store.h"

namespace graft::engine {

namespace {
std::function<void(const StepEvent&)> g_progress;

// SIGINT/SIGTERM during an operation: one line saying what becomes of it
// (prepared when it begins: a handler may only write), then the default
// action, so the lock dies with the process and the next command recovers.
char g_interrupt_msg[600];
volatile sig_atomic_t g_interrupt_len = 0;

void OnInterrupt(int sig) {
  if (g_interrupt_len > 0) (void)!write(2, g_interrupt_msg, static_cast<size_t>(g_interrupt_len));
  signal(sig, SIG_DFL);
  raise(sig);
}

void ArmInterrupt(const std::string& kind, const std::string& name) {
  std::string fate = kind.size() > 7 && kind.compare(kind.size() - 7, 7, "-create") == 0
                         ? "it is rolled back by the next graft command"
                     : kind == "branch-merge" ? "the next graft command keeps it if it committed, else rolls it back"
                                              : "the next graft command finishes it";
  std::string msg = "error: interrupted during " + kind + " of " + Quoted(name, 100) + ": " + fate + "\n";
  if (msg.size() > sizeof g_interrupt_msg) msg.resize(sizeof g_interrupt_msg);
  g_interrupt_len = 0;
  memcpy(g_interrupt_msg, msg.data(), msg.size());
  g_interrupt_len = static_cast<sig_atomic_t>(msg.size());
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void DisarmInterrupt() { g_interrupt_len = 0; }
}  // namespace

void SetProgress(std::function<void(const StepEvent&)> fn) { g_progress = std::move(fn); }

void MaybeKill(const std::string& kind, const std::string& point) {
  const char* at = getenv("GRAFT_TEST_KILL_AT");
  if (at && kind + ":" + point == at) {
    raise(SIGKILL);
  }
  const char* fail = getenv("GRAFT_TEST_FAIL_AT");
  if (fail && kind + ":" + point == fail) {
    Fail(ErrorKind::kInternal, "injected failure after step " + point + " of " + kind);
  }
  // Test hook: hold the operation at a step until the test opens the fifo
  // for writing (so a test can observe a busy state deterministically).
  const char* pause = getenv("GRAFT_TEST_PAUSE_AT");
  const char* fifo = getenv("GRAFT_TEST_PAUSE_FIFO");
  if (pause && fifo && kind + ":" + point == pause) {
    std::string reached = std::string(fifo) + ".reached";
    int fd = open(reached.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    fd = open(fifo, O_RDONLY | O_CLOEXEC);  // blocks until a writer opens it
    if (fd >= 0) {
      char c;
      while (read(fd, &c, 1) > 0) {
      }
      close(fd);
    }
  }
}

Operation Operation::Begin(store::Store& store, const std::string& locks_dir, const std::string& kind,
                           const std::string& project_name, const nlohmann::json& args,
                           const std::function<int64_t()>& in_txn) {
  std::string lock_path = locks_dir + "/op-" + RandomHex(8) + ".lock";
  auto lock = os::FileLock::TryAcquire(lock_path);
  if (!lock) Fail(ErrorKind::kInternal, "cannot take a fresh operation lock " + lock_path);
  int64_t op_id = 0, project_id = 0;
  try {
    store.Write([&] {
      project_id = in_txn ? in_txn() : 0;
      std::string now = store::NowUtc();
      store.Exec(
          "INSERT INTO operations(kind, project_id, project_name, state, lock_path, pid, args, started_at, updated_at) "
          "VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)",
          {kind, project_id ? std::optional<std::string>(std::to_string(project_id)) : std::nullopt, project_name,
           lock_path, std::to_string(getpid()), args.dump(), now, now});
      op_id = store.LastInsertId();
    });
  } catch (...) {
    unlink(lock_path.c_str());
    throw;
  }
  ArmInterrupt(kind, project_name);
  MaybeKill(kind, "begin");
  return Operation(store, std::move(*lock), lock_path, op_id, project_id, kind);
}

StepRecorder::StepRecorder(store::Store& store, int64_t op_id, std::string kind)
    : store_(&store), op_id_(op_id), kind_(std::move(kind)), seq_(store::LastStepSeq(store, op_id)) {}

void StepRecorder::Step(const std::string& name, const std::function<void()>& fn) {
  int seq = ++seq_;
  store::StartStep(*store_, op_id_, seq, name);
  if (g_progress) g_progress(StepEvent{kind_, name, false, 0});
  auto t0 = std::chrono::steady_clock::now();
  fn();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  store::FinishStep(*store_, op_id_, seq, ms);
  if (g_progress) g_progress(StepEvent{kind_, name, true, static_cast<int64_t>(ms)});
  MaybeKill(kind_, name);
}

int64_t ClaimBranch(store::Store& s, int64_t id, const std::string& display, const std::string& operation) {
  auto state = store::StateOf(s, id);
  if (!state) Fail(ErrorKind::kNotFound, "branch '" + display + "' does not exist");
  if (!CanStart(operation, *state)) {
    Fail(ErrorKind::kWrongState, "cannot " + operation + " branch '" + display + "' while it is " + *state,
         IsBusy(*state) ? "wait for the running operation to finish" : "");
  }
  store::SetState(s, id, BusyState(operation));
  return id;
}

void Operation::Done() {
  store::EndOperation(*store_, id_, "done");
  unlink(lock_path_.c_str());
  DisarmInterrupt();
}

void Operation::Failed(const std::string& error) {
  store::EndOperation(*store_, id_, "failed", error);
  unlink(lock_path_.c_str());
  DisarmInterrupt();
}

}  // namespace graft::engine
