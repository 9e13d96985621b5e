// graft branch merge through the CLI: bad input and states (issue 9), each a
// one-line error with its exit code and nothing changed; the lock_timeout;
// the confirmation on a terminal (graft under a pty); the recovery of a merge
// killed mid-way whose parent is stopped afterwards.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "engine/engine.h"
#include "instance/instance.h"
#include "integration/graft_home.h"
#include "os/files.h"
#include "pg/conn.h"

namespace graft::testing {
namespace {

using nlohmann::json;

// Project `app` with rows in public.t; branch `b` adds a column to t and a table.
struct Merge {
  Merge() {
    h.Ok({"project", "create", "app"});
    h.Ok({"sql", "--project", "app", "-c",
          "CREATE TABLE public.t (id int PRIMARY KEY, v text); INSERT INTO public.t SELECT g, 'v' FROM generate_series(1, 5) g"});
    h.Ok({"branch", "create", "b", "--project", "app", "--no-switch"});
    h.Ok({"sql", "--project", "app", "--branch", "b", "-c",
          "ALTER TABLE public.t ADD COLUMN x int; CREATE TABLE public.added (id int)"});
    parent_url = h.Json({"url", "--project", "app"})["url"].get<std::string>();
  }
  // Nothing of the branch's change on the parent, its rows all there.
  void ExpectParentUntouched() {
    EXPECT_EQ(h.Scalar("SELECT to_regclass('public.added') IS NULL", {"--project", "app"}), "t");
    EXPECT_EQ(h.Scalar("SELECT count(*)::text FROM information_schema.columns WHERE table_name = 't' AND column_name = 'x'",
                       {"--project", "app"}),
              "0");
    EXPECT_EQ(h.Scalar("SELECT count(*)::text FROM public.t", {"--project", "app"}), "5");
  }
  void ExpectParentMerged() {
    EXPECT_EQ(h.Scalar("SELECT to_regclass('public.added') IS NOT NULL", {"--project", "app"}), "t");
    EXPECT_EQ(h.Scalar("SELECT count(x)::text || '/' || count(*) FROM public.t", {"--project", "app"}), "0/5");
  }
  std::string State() {
    return h.Json({"branch", "list", "--project", "app"})["branches"][0]["state"].get<std::string>();
  }
  // The data directory of the instance listening on `port`.
  std::string DataDirOfPort(int port) {
    for (const auto& id : os::ListDir(h.dir() + "/instances")) {
      std::string data = h.dir() + "/instances/" + id + "/data";
      if (!os::Exists(data + "/postmaster.pid")) continue;
      std::ifstream f(data + "/postmaster.pid");
      std::string line;
      for (int i = 0; i < 4 && std::getline(f, line); ++i) {
      }
      if (line == std::to_string(port)) return data;
    }
    return "";
  }
  std::string DataDirOf(const std::vector<std::string>& target) {
    std::vector<std::string> args = {"url"};
    args.insert(args.end(), target.begin(), target.end());
    std::string url = h.Json(args)["url"].get<std::string>();
    auto colon = url.rfind(':');
    int port = std::stoi(url.substr(colon + 1, url.find('/', colon) - colon - 1));
    return DataDirOfPort(port);
  }
  // One line on stderr, starting with "error: " (a hint line may follow).
  static void ExpectOneLineError(const Cmd& r, int code, const std::string& text) {
    EXPECT_EQ(r.code, code) << r.out << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.substr(0, r.err.find('\n')).find(text), std::string::npos) << r.err;
  }
  GraftHome h;
  std::string parent_url;
};

TEST(MergeBadInput, BranchOfAnotherProjectIsNamedWithItsOwnParent) {
  Merge m;
  m.h.Ok({"project", "create", "other"});
  auto r = m.h.Run({"branch", "merge", "b", "--project", "other", "-y"});
  Merge::ExpectOneLineError(r, 4, "belongs to project 'app'");
  EXPECT_NE(r.err.find("--project default:app"), std::string::npos) << r.err;
  m.ExpectParentUntouched();
  EXPECT_EQ(m.State(), "ready");
}

TEST(MergeBadInput, BusyBranchIsRefused) {
  Merge m;
  std::string fifo = m.h.dir() + "/pause.fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  Cmd reset;
  std::thread t([&] {
    reset = m.h.Run({"branch", "reset", "b", "--project", "app", "-y"},
                    {{"GRAFT_TEST_PAUSE_AT", "branch-reset:stop"}, {"GRAFT_TEST_PAUSE_FIFO", fifo}});
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!os::Exists(fifo + ".reached") && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  bool reached = os::Exists(fifo + ".reached");
  Cmd r;
  if (reached) r = m.h.Run({"branch", "merge", "b", "--project", "app", "-y"});
  int w = open(fifo.c_str(), O_WRONLY);
  close(w);
  t.join();
  ASSERT_TRUE(reached);
  Merge::ExpectOneLineError(r, 6, "while it is resetting");
  EXPECT_EQ(reset.code, 0) << reset.err;
  m.ExpectParentUntouched();
  EXPECT_EQ(m.State(), "ready");
}

TEST(MergeBadInput, StoppedBranchNeedsStartingFirst) {
  Merge m;
  std::string data = m.DataDirOf({"--project", "app", "--branch", "b"});
  ASSERT_FALSE(data.empty());
  instance::Stop(data, /*immediate=*/false);
  auto r = m.h.Run({"branch", "merge", "b", "--project", "app", "-y"});
  Merge::ExpectOneLineError(r, 6, "the instance of branch 'app/b' is stopped");
  EXPECT_NE(r.err.find("hint: start it with 'graft start --project default:app'"), std::string::npos) << r.err;
  m.ExpectParentUntouched();
  EXPECT_EQ(m.State(), "ready");
  // The hint works.
  m.h.Ok({"start", "--project", "app"});
  EXPECT_EQ(m.h.Run({"branch", "merge", "b", "--project", "app", "-y"}).code, 0);
  m.ExpectParentMerged();
}

TEST(MergeBadInput, LockTimeoutNamesTheLockAndTheObject) {
  Merge m;
  // A second session holds a lock on the table the merge alters.
  auto holder = pg::Conn::Open(m.parent_url);
  holder.Exec("BEGIN");
  holder.Exec("LOCK TABLE public.t IN ACCESS SHARE MODE");
  auto r = m.h.Run({"branch", "merge", "b", "--project", "app", "-y", "--lock-timeout", "300"});
  Merge::ExpectOneLineError(r, 9, "lock_timeout (300 ms)");
  EXPECT_NE(r.err.find("public.t.x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was applied"), std::string::npos) << r.err;
  holder.Exec("ROLLBACK");
  m.ExpectParentUntouched();
  EXPECT_EQ(m.State(), "ready");
  // Once the lock is gone, the same merge goes through.
  EXPECT_EQ(m.h.Run({"branch", "merge", "b", "--project", "app", "-y", "--lock-timeout", "300"}).code, 0);
  m.ExpectParentMerged();
}

TEST(MergeBadInput, WithoutATerminalDashYIsRequired) {
  Merge m;
  auto r = m.h.Run({"branch", "merge", "b", "--project", "app"});
  Merge::ExpectOneLineError(r, 3, "without confirmation");
  EXPECT_NE(r.err.find("pass -y"), std::string::npos) << r.err;
  m.ExpectParentUntouched();
}

// Runs graft under a pseudo-terminal, answers `answer` to its question and
// returns the exit code and everything it printed.
std::pair<int, std::string> RunOnTerminal(const GraftHome& h, const std::vector<std::string>& args,
                                          const std::string& answer) {
  std::vector<std::string> argv = {GRAFT_BINARY, "--home", h.dir()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    setenv("GRAFT_PROJECT", "", 1);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  if (pid < 0) return {-1, "forkpty failed"};
  std::string out;
  bool answered = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[4096];
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO: the child closed the terminal
    out.append(buf, static_cast<size_t>(n));
    if (!answered && out.find("[y/N]") != std::string::npos) {
      std::string line = answer + "\n";
      if (write(master, line.data(), line.size()) != static_cast<ssize_t>(line.size())) break;
      answered = true;
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

TEST(MergeConfirm, OnATerminalNoKeepsTheParentAndYesMerges) {
  Merge m;
  auto [no_code, no_out] = RunOnTerminal(m.h, {"branch", "merge", "b", "--project", "app"}, "n");
  EXPECT_EQ(no_code, 3) << no_out;
  EXPECT_NE(no_out.find("apply this merge of app/b into app? [y/N]"), std::string::npos) << no_out;
  EXPECT_NE(no_out.find(" column public.t.x"), std::string::npos) << no_out;  // the plan is shown first
  EXPECT_NE(no_out.find("error: not merging branch 'b' without confirmation"), std::string::npos) << no_out;
  m.ExpectParentUntouched();
  EXPECT_EQ(m.State(), "ready");
  auto [yes_code, yes_out] = RunOnTerminal(m.h, {"branch", "merge", "b", "--project", "app"}, "y");
  EXPECT_EQ(yes_code, 0) << yes_out;
  EXPECT_NE(yes_out.find("merged app/b into app"), std::string::npos) << yes_out;
  m.ExpectParentMerged();
  EXPECT_EQ(m.State(), "merged");
}

// What merges is the branch as the shown plan read it: a change made on the
// branch while the plan was on screen is not applied by that merge, and the
// next merge (from the merged state as its base) brings exactly that change.
TEST(MergeReview, BranchChangedAfterThePlanMergesNextTime) {
  Merge m;
  auto first = m.h.Run({"branch", "merge", "b", "--project", "app", "-y", "--json"},
                       {{"GRAFT_TEST_MERGE_BRANCH_DRIFT_SQL", "ALTER TABLE public.t ADD COLUMN late int"}});
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  json j = json::parse(first.out);
  EXPECT_EQ(j["summary"]["timings_ms"]["reviewed_plan_reused"], true) << first.out;
  EXPECT_EQ(j["sql"].get<std::string>().find("late"), std::string::npos) << j["sql"];
  m.ExpectParentMerged();
  EXPECT_EQ(m.h.Scalar("SELECT count(*)::text FROM information_schema.columns WHERE table_name = 't' AND column_name = 'late'",
                       {"--project", "app"}),
            "0");
  json next = m.h.Json({"branch", "merge", "b", "--project", "app", "--dry-run"});
  ASSERT_EQ(next["changes"].size(), 1u) << next.dump();
  EXPECT_EQ(next["changes"][0]["object"], "public.t.late") << next.dump();
  EXPECT_EQ(next["changes"][0]["action"], "create") << next.dump();
  EXPECT_TRUE(next["conflicts"].empty()) << next.dump();
}

// A review no longer stands once the branch was reset between the plan and
// the apply (the CLI does both in one process, so the engine is driven here
// directly): the apply reads the branch again and merges what it now is,
// nothing, instead of the reviewed column and table.
TEST(MergeReview, ResetBetweenPlanAndApplyDropsTheReview) {
  Merge m;
  engine::Engine eng(m.h.dir(), /*allow_other_owner=*/false, engine::HomeMode::kOpen);
  eng.Recover();
  auto plan = eng.PlanMerge(std::string("app"), "b");
  ASSERT_TRUE(plan.review);
  ASSERT_FALSE(plan.empty());
  m.h.Ok({"branch", "reset", "b", "--project", "app", "-y"});
  engine::MergeOptions opts;
  opts.expected_fingerprint = plan.parent_fingerprint;
  opts.review = plan.review;
  auto done = eng.ApplyMerge(std::string("app"), "b", opts);
  EXPECT_EQ(done.summary["timings_ms"]["reviewed_plan_reused"], false) << done.ToJson().dump();
  EXPECT_TRUE(done.empty()) << done.ToJson().dump();
  m.ExpectParentUntouched();
}

// A merge killed mid-way, then its parent stopped outside graft (a crash, a
// reboot, pg_ctl): the next command still settles the branch, starting the
// parent to learn whether the merge committed, and leaves the parent stopped
// as it found it.
class MergeKilledParentStopped : public ::testing::TestWithParam<const char*> {};

TEST_P(MergeKilledParentStopped, NextCommandSettlesTheBranch) {
  Merge m;
  std::string point = GetParam();
  std::string parent_data = m.DataDirOf({"--project", "app"});
  ASSERT_FALSE(parent_data.empty());
  auto r = m.h.Run({"branch", "merge", "b", "--project", "app", "-y"}, {{"GRAFT_TEST_KILL_AT", "branch-merge:" + point}});
  ASSERT_EQ(r.signal, SIGKILL) << r.out << r.err;
  instance::Stop(parent_data, /*immediate=*/false);
  ASSERT_EQ(instance::RunningPid(parent_data), 0);
  // The next command (any) settles the merge.
  auto list = m.h.Run({"branch", "list", "--project", "app", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  bool committed = point == std::string("apply");
  EXPECT_EQ(list.json()["branches"][0]["state"], committed ? "merged" : "ready") << list.out << list.err;
  EXPECT_NE(list.err.find("to settle the interrupted merge of app/b"), std::string::npos) << list.err;
  EXPECT_EQ(instance::RunningPid(parent_data), 0) << "the parent is left stopped, as it was";
  m.h.Ok({"start", "--project", "app"});
  if (committed) {
    m.ExpectParentMerged();
  } else {
    m.ExpectParentUntouched();
  }
  // And the branch merges (again) normally.
  EXPECT_EQ(m.h.Run({"branch", "merge", "b", "--project", "app", "-y"}).code, 0);
  m.ExpectParentMerged();
  EXPECT_EQ(m.State(), "merged");
}

INSTANTIATE_TEST_SUITE_P(Points, MergeKilledParentStopped, ::testing::Values("before-commit", "apply"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

// A parent that cannot start leaves the branch `merging` with a clear error
// and hint, and the operation is retried (and settles) once it can.
TEST(MergeKilledParentStopped, ParentThatCannotStartLeavesAClearStateAndIsRetried) {
  Merge m;
  std::string parent_data = m.DataDirOf({"--project", "app"});
  ASSERT_FALSE(parent_data.empty());
  auto r = m.h.Run({"branch", "merge", "b", "--project", "app", "-y"}, {{"GRAFT_TEST_KILL_AT", "branch-merge:before-commit"}});
  ASSERT_EQ(r.signal, SIGKILL) << r.out << r.err;
  instance::Stop(parent_data, /*immediate=*/false);
  // The parent cannot start: another process listens on its port.
  int port = std::stoi(m.parent_url.substr(m.parent_url.rfind(':') + 1));  // stops at the '/'
  int squatter = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(squatter, 0);
  int one = 1;
  setsockopt(squatter, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(squatter, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(squatter, 1), 0);
  auto list = m.h.Run({"branch", "list", "--project", "app", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(list.json()["branches"][0]["state"], "merging") << list.out;
  EXPECT_NE(list.err.find("cannot be settled while project 'app' cannot be reached"), std::string::npos) << list.err;
  EXPECT_NE(list.err.find("start it with 'graft start --project default:app'"), std::string::npos) << list.err;
  EXPECT_EQ(instance::RunningPid(parent_data), 0);
  close(squatter);
  // Fixed, the next command settles it.
  list = m.h.Run({"branch", "list", "--project", "app", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(list.json()["branches"][0]["state"], "ready") << list.out << list.err;
  m.h.Ok({"start", "--project", "app"});
  m.ExpectParentUntouched();
}

}  // namespace
}  // namespace graft::testing
