#include "support/pg_cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/error.h"
#include "os/files.h"
#include "support/tmp_root.h"

namespace graft::testing {

namespace {

std::string Tail(const std::string& text, size_t max_chars = 4000) {
  if (text.size() <= max_chars) return text;
  return "..." + text.substr(text.size() - max_chars);
}

std::string ReadIfExists(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Sleeps `ms` milliseconds between liveness polls of a process we cannot
// wait for (the postmaster is not our child).
void PollPause(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, nullptr);
}

// Runs in the forked reaper when the test process vanished: kill the server
// whose pid is in data/postmaster.pid and remove the tree. Only plain system
// calls and std::filesystem; ends with _exit.
[[noreturn]] void ReapCluster(const std::string& dir, const std::string& data_dir) {
  std::string pidfile = ReadIfExists(data_dir + "/postmaster.pid");
  pid_t pid = static_cast<pid_t>(std::atol(pidfile.c_str()));
  // The pid may have been freed and reused by an unrelated process (another
  // test's server, a graft whose arguments mention postgres): only ever
  // signal this cluster's postmaster.
  auto is_postgres = [pid, &data_dir] {
    std::string cmdline = ReadIfExists("/proc/" + std::to_string(pid) + "/cmdline");
    for (auto& c : cmdline) {
      if (c == '\0') c = ' ';
    }
    return cmdline.find("postgres -D " + data_dir + " ") != std::string::npos;
  };
  if (pid > 0 && is_postgres() && kill(pid, SIGQUIT) == 0) {
    for (int i = 0; i < 200 && kill(pid, 0) == 0; ++i) PollPause(50);
    if (kill(pid, 0) == 0 && is_postgres()) kill(pid, SIGKILL);
    for (int i = 0; i < 100 && kill(pid, 0) == 0 && is_postgres(); ++i) PollPause(50);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  _exit(0);
}

}  // namespace

std::unique_ptr<PgCluster> PgCluster::Start(const Options& options) {
  std::unique_ptr<PgCluster> cluster(new PgCluster(options));
  cluster->Init();
  return cluster;
}

PgCluster& PgCluster::Shared() {
  // Destroyed at normal exit (static destructor); the reaper covers the rest.
  static std::unique_ptr<PgCluster> shared = Start();
  return *shared;
}

os::RunResult PgCluster::RunTool(const std::string& tool, std::vector<std::string> args,
                                 const std::string& stdin_data) const {
  os::RunOptions ro;
  ro.argv.push_back(options_.bin_dir + "/" + tool);
  for (auto& a : args) ro.argv.push_back(std::move(a));
  ro.as_user = os::ServerUser();
  ro.cwd = dir_.empty() ? "/" : dir_;
  ro.stdin_data = stdin_data;
  ro.env["PGCONNECT_TIMEOUT"] = "10";
  ro.env["LC_ALL"] = "C.UTF-8";
  return os::Run(ro);
}

void PgCluster::Init() {
  const os::User& user = os::ServerUser();
  superuser_ = user.name;
  std::string tmpl = TestTmpRoot() + "/graft-pgtest-XXXXXX";
  if (!mkdtemp(tmpl.data())) Fail(ErrorKind::kEnvironment, std::string("mkdtemp failed: ") + strerror(errno));
  dir_ = tmpl;
  data_dir_ = dir_ + "/data";
  chmod(dir_.c_str(), 0700);
  if (os::RunningAsRoot()) os::Chown(dir_, user.uid, user.gid, false);
  // From here on, the reaper removes the directory if this process dies.
  StartReaper();

  os::RunResult init = RunTool("initdb", {"-D", data_dir_, "-U", superuser_, "--auth=trust", "--encoding=UTF8",
                                          "--locale=C.UTF-8", "--no-sync", "--no-instructions"});
  if (!init.ok()) {
    std::string msg = "initdb failed: " + Tail(init.err + init.out);
    Stop();
    Fail(ErrorKind::kEnvironment, msg);
  }
  {
    std::ofstream conf(data_dir_ + "/postgresql.conf", std::ios::app);
    conf << "\n# graft test cluster\n"
         << "listen_addresses = '127.0.0.1'\n"
         << "unix_socket_directories = '" << dir_ << "'\n"
         << "max_connections = " << options_.max_connections << "\n"
         << "shared_buffers = 32MB\n"
         << "work_mem = 4MB\n"
         << "maintenance_work_mem = 32MB\n"
         << "fsync = off\n"
         << "synchronous_commit = off\n"
         << "full_page_writes = off\n"
         << "max_wal_size = 256MB\n"
         << "wal_level = minimal\n"
         << "max_wal_senders = 0\n"
         << "autovacuum = off\n"
         << "logging_collector = off\n"
         << "log_min_messages = warning\n";
    if (!conf) {
      Stop();
      Fail(ErrorKind::kEnvironment, "cannot write " + data_dir_ + "/postgresql.conf");
    }
  }

  std::mt19937 rng(static_cast<unsigned>(getpid()) ^ static_cast<unsigned>(time(nullptr)));
  // Below the test homes' leases (tests/integration/graft_home.h) and the
  // kernel's ephemeral ports, which client connections hold.
  std::uniform_int_distribution<int> pick(28000, 32767);
  std::string last_log;
  for (int attempt = 0; attempt < 8; ++attempt) {
    int port = pick(rng);
    if (!os::PortFree(port)) continue;
    std::string log = dir_ + "/server-" + std::to_string(port) + ".log";
    os::RunResult r = RunTool("pg_ctl", {"start", "-D", data_dir_, "-w", "-t", "60", "-l", log, "-o",
                                         "-p " + std::to_string(port)});
    if (r.ok()) {
      port_ = port;
      running_ = true;
      return;
    }
    last_log = ReadIfExists(log) + r.err + r.out;
    bool port_taken = last_log.find("could not bind") != std::string::npos ||
                      last_log.find("already in use") != std::string::npos ||
                      last_log.find("could not create any TCP/IP sockets") != std::string::npos;
    if (!port_taken) break;
  }
  Stop();
  Fail(ErrorKind::kEnvironment, "cannot start the test cluster: " + Tail(last_log));
}

void PgCluster::StartReaper() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) Fail(ErrorKind::kEnvironment, std::string("pipe: ") + strerror(errno));
  std::string dir = dir_, data_dir = data_dir_;  // copied before fork
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    Fail(ErrorKind::kEnvironment, std::string("fork: ") + strerror(errno));
  }
  if (pid == 0) {
    // A new session: Ctrl-C or a signal to the test's process group must not
    // take the reaper down with the test.
    setsid();
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    for (int fd = 3; fd < 4096; ++fd) {
      if (fd != fds[0]) close(fd);
    }
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      dup2(devnull, 0);
      dup2(devnull, 1);
      dup2(devnull, 2);
      if (devnull > 2) close(devnull);
    }
    char c;
    ssize_t n;
    while ((n = read(fds[0], &c, 1)) < 0 && errno == EINTR) {
    }
    if (n == 1) _exit(0);  // the owner stopped the cluster itself
    ReapCluster(dir, data_dir);
  }
  close(fds[0]);
  reaper_pid_ = pid;
  reaper_fd_ = fds[1];
}

void PgCluster::StopReaper(bool cluster_removed) {
  if (reaper_fd_ >= 0) {
    if (cluster_removed) {
      char c = 'x';
      (void)!write(reaper_fd_, &c, 1);
    }
    close(reaper_fd_);
    reaper_fd_ = -1;
  }
  if (reaper_pid_ > 0) {
    int status;
    while (waitpid(reaper_pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaper_pid_ = -1;
  }
}

void PgCluster::Stop() {
  if (running_) {
    pid_t pid = static_cast<pid_t>(std::atol(ReadIfExists(data_dir_ + "/postmaster.pid").c_str()));
    RunTool("pg_ctl", {"stop", "-D", data_dir_, "-m", "immediate", "-w", "-t", "30"});
    // pg_ctl returns once the pid file is gone, a moment before the
    // postmaster process itself: wait (bounded) until it has exited.
    for (int i = 0; i < 200 && pid > 0 && os::ProcessAlive(pid); ++i) PollPause(25);
    running_ = false;
  }
  bool removed = true;
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    removed = !ec && !std::filesystem::exists(dir_);
  }
  // If removal failed (or a stop failed), let the reaper try again.
  StopReaper(removed);
  dir_.clear();
}

PgCluster::~PgCluster() {
  try {
    Stop();
  } catch (...) {
    // Destructors must not throw; the reaper has the last word.
  }
}

std::string PgCluster::url(const std::string& dbname) const {
  return "postgresql://" + superuser_ + "@127.0.0.1:" + std::to_string(port_) + "/" + dbname;
}

pg::Result PgCluster::Exec(const std::string& db, const std::string& sql) const {
  pg::Conn conn = pg::Conn::Open(url(db));
  return conn.Exec(sql);
}

void PgCluster::CreateDatabase(const std::string& name) {
  // FILE_COPY: with fsync off its checkpoint is cheap, and copying template0
  // file by file costs the server about 2/3 of the CPU of WAL_LOG's copy
  // through shared buffers and WAL.
  Exec("postgres", CreateDatabaseSql(name));
}

void PgCluster::DropDatabase(const std::string& name) { Exec("postgres", DropDatabaseSql(name)); }

std::string PgCluster::CreateDatabaseSql(const std::string& name, const std::string& template_db) {
  return "CREATE DATABASE " + pg::QuoteIdent(name) + " TEMPLATE " + pg::QuoteIdent(template_db) +
         " STRATEGY FILE_COPY";
}

std::string PgCluster::DropDatabaseSql(const std::string& name) {
  return "DROP DATABASE IF EXISTS " + pg::QuoteIdent(name) + " WITH (FORCE)";
}

void PgCluster::CreateRoleIfMissing(const std::string& name) {
  pg::Conn conn = pg::Conn::Open(url("postgres"));
  pg::Result r = conn.Exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {name});
  if (!r.rows.empty()) return;
  try {
    conn.Exec("CREATE ROLE " + pg::QuoteIdent(name));
  } catch (const Error&) {
    // Another test process sharing nothing but a name cannot race here (one
    // cluster per process), so re-check and only then give up.
    r = conn.Exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {name});
    if (r.rows.empty()) throw;
  }
}

os::RunResult PgCluster::RunSql(const std::string& db, const std::string& sql, bool single_transaction) const {
  std::vector<std::string> args = {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(db)};
  if (single_transaction) args.push_back("--single-transaction");
  args.push_back("-f");
  args.push_back("-");
  return RunTool("psql", std::move(args), sql);
}

os::RunResult PgCluster::RunSqlFile(const std::string& db, const std::string& path, bool single_transaction) const {
  return RunSql(db, os::ReadFile(path), single_transaction);
}

std::string PgCluster::DumpSchema(const std::string& db, const std::vector<std::string>& extra_args) const {
  std::vector<std::string> args = {"--schema-only", "-d", url(db)};
  for (const auto& a : extra_args) args.push_back(a);
  os::RunResult r = RunTool("pg_dump", std::move(args));
  if (!r.ok()) Fail(ErrorKind::kDatabase, "pg_dump of " + db + " failed: " + Tail(r.err));
  return NormalizeDump(r.out);
}

std::string NormalizeDump(const std::string& dump) {
  std::istringstream in(dump);
  std::string line, out;
  // pg_dump prints an object's privileges in the order of its ACL items,
  // which is the order they were granted in (the same privileges granted in
  // another order are the same schema): runs of GRANT / REVOKE lines are
  // compared sorted.
  std::vector<std::string> acl_run;
  auto flush = [&] {
    std::sort(acl_run.begin(), acl_run.end());
    for (auto& l : acl_run) out += l + '\n';
    acl_run.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line.rfind("--", 0) == 0) continue;
    if (line.rfind("SET ", 0) == 0) continue;
    if (line.rfind("SELECT pg_catalog.set_config(", 0) == 0) continue;
    if (line.rfind("\\restrict", 0) == 0 || line.rfind("\\unrestrict", 0) == 0) continue;
    if (line.rfind("GRANT ", 0) == 0 || line.rfind("REVOKE ", 0) == 0) {
      acl_run.push_back(line);
      continue;
    }
    flush();
    out += line;
    out += '\n';
  }
  flush();
  return out;
}

std::string LineDiff(const std::string& a, const std::string& b, const std::string& a_name,
                     const std::string& b_name) {
  auto split = [](const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    std::string l;
    while (std::getline(in, l)) v.push_back(l);
    return v;
  };
  std::vector<std::string> x = split(a), y = split(b);
  if (x == y) return "";
  size_t n = x.size(), m = y.size();
  // Longest common subsequence table, then walk it to emit an edit script.
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  struct Op {
    char tag;
    std::string text;
  };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] == y[j]) {
      ops.push_back({' ', x[i]});
      ++i;
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push_back({'+', y[j++]});
    } else {
      ops.push_back({'-', x[i++]});
    }
  }
  const size_t kContext = 3;
  std::vector<bool> show(ops.size(), false);
  for (size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].tag == ' ') continue;
    size_t lo = k >= kContext ? k - kContext : 0;
    size_t hi = std::min(ops.size(), k + kContext + 1);
    for (size_t t = lo; t < hi; ++t) show[t] = true;
  }
  std::string out = "--- " + a_name + "\n+++ " + b_name + "\n";
  bool gap = false;
  for (size_t k = 0; k < ops.size(); ++k) {
    if (!show[k]) {
      gap = true;
      continue;
    }
    if (gap) out += "@@\n";
    gap = false;
    out += ops[k].tag;
    out += ' ';
    out += ops[k].text;
    out += '\n';
  }
  return out;
}

}  // namespace graft::testing
