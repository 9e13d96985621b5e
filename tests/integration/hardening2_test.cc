// Integration tests of issue 10 (hardening), second part: migrations that
// cannot run in one transaction, pg_cron jobs of branches, exit codes,
// bounded input, and recovery from kills and out-of-band changes.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "graft_home.h"
#include "os/process.h"

namespace graft::testing {

namespace {

std::string WriteIn(const std::string& dir, const std::string& name, const std::string& body) {
  os::MakeDirs(dir, 0700);
  os::WriteFileAtomic(dir + "/" + name, body);
  return dir + "/" + name;
}


// `graft branch create work` of project app, held after its clone step
// (GRAFT_TEST_PAUSE_AT) until Resume(); Reached() says it got there.
class PausedBranchCreate {
 public:
  explicit PausedBranchCreate(GraftHome& h) : fifo_(h.dir() + "-pause.fifo") {
    if (mkfifo(fifo_.c_str(), 0600) != 0) return;
    thread_ = std::thread([this, &h] {
      result_ = h.Run({"branch", "create", "work", "--project", "app", "--no-switch"},
                      {{"GRAFT_TEST_PAUSE_AT", "branch-create:clone"}, {"GRAFT_TEST_PAUSE_FIFO", fifo_}});
    });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!os::Exists(fifo_ + ".reached") && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
  ~PausedBranchCreate() {
    if (thread_.joinable()) Resume();
  }
  bool Reached() const { return os::Exists(fifo_ + ".reached"); }
  // Lets the create go on and waits for it to end. `gone`: the process may
  // have left its fifo read (a signal), so opening must not wait for it.
  Cmd Resume(bool gone = false) {
    int w = open(fifo_.c_str(), O_WRONLY | (gone ? O_NONBLOCK : 0));
    if (w >= 0) close(w);
    thread_.join();
    os::RemoveAll(fifo_);
    os::RemoveAll(fifo_ + ".reached");
    return result_;
  }

 private:
  std::string fifo_;
  std::thread thread_;
  Cmd result_;
};

}  // namespace

// Item 9: a migration holding COMMIT (or CREATE INDEX CONCURRENTLY) is
// refused before anything of any file runs, naming the file and line; the
// ledger stays truthful and the files before it are not applied either.
TEST(Hardening2, MigrationWithTransactionControlIsRefusedBeforeRunning) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string dir = h.dir() + "-migrations";
  WriteIn(dir, "20240101000000_first.sql", "CREATE TABLE first_t (id int);\n");
  WriteIn(dir, "20240102000000_second.sql",
          "-- a comment: COMMIT;\nCREATE TABLE second_t (id int);\n\nCOMMIT;\nCREATE TABLE third_t (id int);\n");
  auto r = h.Run({"migrations", "apply", "--dir", dir, "--project", "app"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("20240102000000_second.sql:4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("COMMIT"), std::string::npos) << r.err;
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM pg_class WHERE relname IN ('first_t', 'second_t', 'third_t')",
                     {"--project", "app"}),
            "0");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM system.migrations", {"--project", "app"}), "0");

  // CREATE INDEX CONCURRENTLY is refused the same way, with its own reason.
  WriteIn(dir, "20240102000000_second.sql", "CREATE TABLE second_t (id int);\nCREATE INDEX CONCURRENTLY i ON second_t (id);\n");
  r = h.Run({"migrations", "apply", "--dir", dir, "--project", "app"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("20240102000000_second.sql:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CREATE INDEX CONCURRENTLY"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;

  // Fixed, the files apply, and a function body or string with COMMIT is fine.
  WriteIn(dir, "20240102000000_second.sql",
          "CREATE TABLE second_t (id int);\nCREATE INDEX i ON second_t (id);\nSELECT 'COMMIT;';\n"
          "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n");
  h.Ok({"migrations", "apply", "--dir", dir, "--project", "app"});
  EXPECT_EQ(h.Scalar("SELECT string_agg(version, ',' ORDER BY version) FROM system.migrations", {"--project", "app"}),
            "20240101000000,20240102000000");
  os::RemoveAll(dir);
}


namespace {

// Whether every cron.job row of `target` names its own instance's socket,
// port and database (and there are `jobs` of them).
std::string CronRowsPointHere(const GraftHome& h, const std::vector<std::string>& target) {
  return h.Scalar(
      "SELECT count(*) || ':' || coalesce(bool_and(nodeport = current_setting('port')::int "
      "AND nodename = btrim(split_part(current_setting('unix_socket_directories'), ',', 1)) "
      "AND database = current_database()), true) FROM cron.job",
      target);
}

void CronJobsFollowTheBranch(const std::string& background_workers) {
  GraftHome h(R"("instance_settings": {"fsync": "off", "shared_buffers": "16MB", "cron.use_background_workers": ")" +
              background_workers + "\"}");
  h.Ok({"project", "create", "app"});
  const std::vector<std::string> parent = {"--project", "app"};
  EXPECT_EQ(h.Scalar("SHOW cron.use_background_workers", parent), background_workers);
  h.Ok({"schedules", "create", "nightly", "--cron", "0 3 * * *", "--sql", "SELECT 1", "--project", "app"});
  EXPECT_EQ(CronRowsPointHere(h, parent), "1:true");
  for (std::string mode : {"full", "schema-only"}) {
    std::string name = mode == "full" ? "full" : "schema";
    const std::vector<std::string> branch = {"--project", "app", "--branch", name};
    h.Ok({"branch", "create", name, "--mode", mode, "--project", "app", "--no-switch"});
    EXPECT_EQ(CronRowsPointHere(h, branch), "1:true") << mode << " create, workers " << background_workers;
    h.Ok({"branch", "reset", name, "--project", "app", "-y"});
    EXPECT_EQ(CronRowsPointHere(h, branch), "1:true") << mode << " reset, workers " << background_workers;
    EXPECT_NE(h.Scalar("SELECT nodeport FROM cron.job", branch), h.Scalar("SELECT nodeport FROM cron.job", parent));
  }
  EXPECT_EQ(CronRowsPointHere(h, parent), "1:true");
}

}  // namespace

// Item 8: a branch's pg_cron jobs point at the branch (socket, port,
// database) after create and after reset, in both modes, with pg_cron's
// background workers on and off. The rows are checked; no minute tick.
TEST(Hardening2, CronJobsFollowTheBranchWithBackgroundWorkers) { CronJobsFollowTheBranch("on"); }
TEST(Hardening2, CronJobsFollowTheBranchOverConnections) { CronJobsFollowTheBranch("off"); }


namespace {

std::string InstanceDir(const GraftHome& h, int id) { return h.dir() + "/instances/" + std::to_string(id); }

pid_t PostmasterPid(const std::string& data_dir) {
  return static_cast<pid_t>(atol(os::ReadFile(data_dir + "/postmaster.pid").c_str()));
}

// Pids of the processes whose parent is `pid`.
std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> out;
  for (const auto& name : os::ListDir("/proc")) {
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat;
    try {
      stat = os::ReadFile("/proc/" + name + "/stat");
    } catch (const std::exception&) {
      continue;
    }
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    // ") S ppid ..."
    long ppid = atol(stat.c_str() + close + 4);
    if (ppid == pid) out.push_back(static_cast<pid_t>(atol(name.c_str())));
  }
  return out;
}

}  // namespace

// Item 17: the remaining exit codes: a connection string libpq cannot read
// is bad input (3); a reset whose snapshot is missing is an environment
// problem (8) with the repair in the hint; a data directory removed out of
// band is named as gone (8), not as a failure to write a temp file.
TEST(Hardening2, ExitCodesOfBadUrlsMissingSnapshotsAndDataDirectories) {
  GraftHome h;
  auto r = h.Run({"diff", "garbage", "postgresql://postgres@127.0.0.1:1/x"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("invalid connection URL"), std::string::npos) << r.err;
  h.Ok({"project", "create", "app"});
  h.Ok({"branch", "create", "work", "--project", "app", "--no-switch"});
  ASSERT_TRUE(os::Exists(h.dir() + "/snapshots/2/data"));
  os::RemoveAll(h.dir() + "/snapshots/2");
  r = h.Run({"branch", "reset", "work", "--project", "app", "-y"});
  EXPECT_EQ(r.code, 8) << r.err;
  EXPECT_NE(r.err.find("snapshot"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("graft branch delete work"), std::string::npos) << r.err;
  EXPECT_EQ(h.Json({"branch", "list", "--project", "app"})["branches"][0]["state"], "ready");

  h.Ok({"stop", "--project", "app"});
  os::RemoveAll(InstanceDir(h, 2) + "/data");
  r = h.Run({"start", "--project", "app"});
  EXPECT_EQ(r.code, 8) << r.err;
  EXPECT_NE(r.err.find("data directory " + InstanceDir(h, 2) + "/data is gone"), std::string::npos) << r.err;
  EXPECT_FALSE(os::Exists(InstanceDir(h, 2) + "/data")) << "start must not recreate it";
}

// Item 16: after a postmaster is killed with SIGKILL (one of its children
// still attached to its shared memory), the first `graft start` clears the
// leftovers and the server answers.
TEST(Hardening2, StartAfterPostmasterKillWorksTheFirstTime) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string data = InstanceDir(h, 1) + "/data";
  pid_t pm = PostmasterPid(data);
  ASSERT_TRUE(IsPostmasterOf(pm, data));
  auto children = ChildrenOf(pm);
  ASSERT_FALSE(children.empty());
  // A child that cannot notice its postmaster's death keeps the shared
  // memory in use, as a busy backend does.
  ASSERT_EQ(kill(children[0], SIGSTOP), 0);
  ASSERT_EQ(kill(pm, SIGKILL), 0);
  while (os::ProcessAlive(pm)) std::this_thread::yield();
  auto r = h.Run({"start", "--project", "app"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(os::ProcessAlive(children[0]));
  EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "app"}), "1");
}

// Item 18: a server that does not start gives one error line with the
// reason and names its log file in the hint, instead of the log's tail.
TEST(Hardening2, ServerStartFailureIsOneLineWithTheLogFile) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"stop", "--project", "app"});
  std::string data = InstanceDir(h, 1) + "/data";
  os::WriteFileAtomic(data + "/postgresql.auto.conf", "shared_buffers = 'lots'\n");
  os::Chown(data + "/postgresql.auto.conf", os::ServerUser().uid, os::ServerUser().gid, false);
  auto r = h.Run({"start", "--project", "app"});
  EXPECT_EQ(r.code, 9) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  EXPECT_NE(r.err.find("hint: the server log is " + InstanceDir(h, 1) + "/log/postgres.log"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("shared_buffers"), std::string::npos) << r.err;
}

// Item 15: `graft stop` refuses while an operation runs on the instance (here
// a branch create of it, held after its clone step), and a reset does not
// silently start a stopped branch.
TEST(Hardening2, StopRefusesDuringAnOperationAndResetKeepsAStoppedBranchStopped) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  PausedBranchCreate paused(h);
  ASSERT_TRUE(paused.Reached());
  auto r = h.Run({"stop", "--project", "app"});
  EXPECT_EQ(r.code, 6) << r.err;
  EXPECT_NE(r.err.find("branch-create"), std::string::npos) << r.err;
  EXPECT_NE(instance::RunningPid(InstanceDir(h, 1) + "/data"), 0) << "the parent was stopped mid-operation";
  Cmd create = paused.Resume();
  EXPECT_EQ(create.code, 0) << create.err;

  h.Ok({"stop", "--project", "app"});
  r = h.Run({"branch", "reset", "work", "--project", "app", "-y"});
  EXPECT_EQ(r.code, 6) << r.err;
  EXPECT_NE(r.err.find("is stopped"), std::string::npos) << r.err;
  EXPECT_EQ(instance::RunningPid(InstanceDir(h, 2) + "/data"), 0) << "reset started a stopped branch";
  h.Ok({"start", "--project", "app"});
  h.Ok({"branch", "reset", "work", "--project", "app", "-y"});
}

// Item 10: a temp file an upload left in storage/tmp is removed by the next
// command, unless an upload holds the instance's storage lock.
TEST(Hardening2, AbandonedUploadTempFilesAreRemovedByTheNextCommand) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::string tmp = InstanceDir(h, 1) + "/storage/tmp";
  os::MakeDirs(tmp, 0700);
  os::WriteFileAtomic(tmp + "/abc.partial", "half an upload");
  {
    auto held = os::FileLock::TryAcquire(h.dir() + "/locks/storage-1.lock");
    ASSERT_TRUE(held);
    h.Ok({"status"});
    EXPECT_TRUE(os::Exists(tmp + "/abc.partial")) << "removed while an upload could be writing it";
  }
  h.Ok({"status"});
  EXPECT_EQ(os::ListDir(tmp), std::vector<std::string>{});
}


namespace {

// Runs graft with stdout to /dev/null under /usr/bin/time; returns its exit
// code and sets `max_rss_kb` to its peak resident memory.
int RunMeasured(const GraftHome& h, const std::vector<std::string>& args, long* max_rss_kb, std::string* err) {
  std::string rss_file = h.dir() + "-rss.txt";
  std::vector<std::string> argv = {"/usr/bin/time", "-f", "%M", "-o", rss_file, "sh", "-c",
                                   "exec \"$0\" \"$@\" > /dev/null", GRAFT_BINARY, "--home", h.dir()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = os::Run({.argv = argv, .env = {{"GRAFT_PROJECT", ""}}});
  *err = r.err;
  *max_rss_kb = atol(os::ReadFile(rss_file).c_str());
  os::RemoveAll(rss_file);
  return r.exit_code;
}

}  // namespace

// Item 12: inputs are bounded while they are read (an endless /dev/zero ends
// in one error naming the limit), and storage objects stream both ways: a
// 300 MiB object is put and got in far less memory than its size, and
// `--json get` (base64 in memory) refuses it naming the limit.
TEST(Hardening2, InputsAreBoundedAndObjectsStream) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  auto r = h.Run({"sql", "--project", "app", "-f", "/dev/zero"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("larger than the limit of 256 MiB"), std::string::npos) << r.err;
  r = h.Run({"functions", "deploy", "f", "-f", "/dev/zero", "--project", "app"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("larger than the limit of 10 MiB"), std::string::npos) << r.err;
  h.Ok({"storage", "buckets", "create", "small", "--max-size", "1MB", "--project", "app"});
  r = h.Run({"storage", "objects", "put", "small/z", "/dev/zero", "--project", "app"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("allows at most 1048576 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  EXPECT_EQ(os::ListDir(InstanceDir(h, 1) + "/storage/tmp"), std::vector<std::string>{});

  h.Ok({"storage", "buckets", "create", "big", "--project", "app"});
  std::string big = h.dir() + "-big.bin";
  {
    int fd = open(big.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(pwrite(fd, "end", 3, 300L * 1024 * 1024), 3);  // sparse: 300 MiB of zeros, then "end"
    close(fd);
  }
  const long size = 300L * 1024 * 1024 + 3;
  long rss = 0;
  std::string err;
  // What a small command takes (a sanitizer build alone takes some 200 MB):
  // the 300 MiB transfers must stay within 100 MiB of it.
  long base = 0;
  EXPECT_EQ(RunMeasured(h, {"storage", "objects", "list", "big", "--project", "app"}, &base, &err), 0) << err;
  EXPECT_EQ(RunMeasured(h, {"storage", "objects", "put", "big/b", big, "--project", "app"}, &rss, &err), 0) << err;
  EXPECT_LT(rss, base + 100 * 1024) << "put of a 300 MiB object took " << rss << " kB";
  EXPECT_EQ(h.Json({"storage", "objects", "list", "big", "--project", "app"})["objects"][0]["size"], size);
  std::string back = h.dir() + "-back.bin";
  EXPECT_EQ(RunMeasured(h, {"storage", "objects", "get", "big/b", back, "--project", "app"}, &rss, &err), 0) << err;
  EXPECT_LT(rss, base + 100 * 1024) << "get of a 300 MiB object took " << rss << " kB";
  struct stat st {};
  ASSERT_EQ(stat(back.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, size);
  EXPECT_EQ(RunMeasured(h, {"storage", "objects", "get", "big/b", "--project", "app"}, &rss, &err), 0) << err;
  EXPECT_LT(rss, base + 100 * 1024) << "get to stdout of a 300 MiB object took " << rss << " kB";
  r = h.Run({"storage", "objects", "get", "big/b", "--project", "app", "--json"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.out.find("the limit is 64 MiB"), std::string::npos) << r.out;
  os::RemoveAll(big);
  os::RemoveAll(back);
}


namespace {

// The pid of a process whose command line holds `needle` (0: none).
pid_t FindProcess(const std::string& needle) {
  for (const auto& name : os::ListDir("/proc")) {
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline;
    try {
      cmdline = os::ReadFile("/proc/" + name + "/cmdline");
    } catch (const std::exception&) {
      continue;
    }
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(needle) != std::string::npos) return static_cast<pid_t>(atol(name.c_str()));
  }
  return 0;
}

pid_t ParentOf(pid_t pid) {
  std::string stat;
  try {
    stat = os::ReadFile("/proc/" + std::to_string(pid) + "/stat");
  } catch (const std::exception&) {
    return 0;
  }
  auto close = stat.rfind(')');
  return close == std::string::npos ? 0 : static_cast<pid_t>(atol(stat.c_str() + close + 4));
}

}  // namespace

// Item 13: graft killed while its first template initdb runs leaves no
// initdb running, and the next project create works.
TEST(Hardening2, KillDuringTemplateInitdbLeavesNoInitdb) {
  GraftHome h("", kColdHome);
  std::string needle = "initdb -D " + h.dir() + "/templates/pg15.tmp";
  Cmd first;
  std::thread t([&] { first = h.Run({"project", "create", "app"}); });
  pid_t initdb = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!(initdb = FindProcess(needle)) && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_NE(initdb, 0) << "initdb never started";
  pid_t graft = ParentOf(initdb);
  ASSERT_EQ(graft, FindProcess(std::string(GRAFT_BINARY) + " --home " + h.dir() + " project create"));
  kill(graft, SIGKILL);
  t.join();
  EXPECT_EQ(first.signal, SIGKILL);
  // The kernel delivers the parent-death signal as graft dies; initdb is
  // gone once it has been reaped (bounded wait, no sleep).
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (FindProcess(needle) && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_EQ(FindProcess(needle), 0) << "initdb outlived graft";
  h.Ok({"project", "create", "app"});
  EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "app"}), "1");
}


// Item 14: when another process takes a new branch's port between its
// allocation and its first start (here: during its clone), the branch takes
// another port instead of failing after the whole clone.
TEST(Hardening2, PortTakenBeforeFirstStartIsReplaced) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  int taken = h.first_port() + 1;  // the next port a fresh home allocates
  PausedBranchCreate paused(h);
  ASSERT_TRUE(paused.Reached());
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(s, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(taken));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool bound = bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && listen(s, 1) == 0;
  Cmd create = paused.Resume();
  close(s);
  ASSERT_TRUE(bound) << "port " << taken << " was not free to take";
  EXPECT_EQ(create.code, 0) << create.err;
  std::string url = h.Json({"url", "--project", "app", "--branch", "work"})["url"];
  EXPECT_EQ(url.find(":" + std::to_string(taken) + "/"), std::string::npos) << url;
  EXPECT_EQ(h.Scalar("SELECT current_setting('port')", {"--project", "app", "--branch", "work"}),
            std::to_string(taken + 1));
}

}  // namespace graft::testing

namespace graft::testing {

// Item 18: SIGINT during a long operation says what becomes of it (a create
// is rolled back by the next command), on one line, and the next command
// does so.
TEST(Hardening2, InterruptDuringAnOperationSaysWhatHappensToIt) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  PausedBranchCreate paused(h);
  ASSERT_TRUE(paused.Reached());
  pid_t graft = FindProcess(std::string(GRAFT_BINARY) + " --home " + h.dir() + " branch create");
  ASSERT_NE(graft, 0);
  kill(graft, SIGINT);
  Cmd create = paused.Resume(/*gone=*/true);
  EXPECT_EQ(create.signal, SIGINT) << create.err;
  EXPECT_NE(create.err.find("error: interrupted during branch-create of 'app/work': it is rolled back by the next "
                            "graft command\n"),
            std::string::npos)
      << create.err;
  EXPECT_EQ(h.Json({"branch", "list", "--project", "app"})["branches"].size(), 0u);
}

}  // namespace graft::testing
