#include "instance/instance.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "common/error.h"
#include "os/files.h"
#include "os/process.h"
#include "instance/roles.h"
#include "pg/conn.h"

namespace graft::instance {

std::string BinDir() {
  const char* env = getenv("GRAFT_PG_BIN");
  std::string dir = env && *env ? env : "/usr/lib/postgresql/15/bin";
  if (!os::Exists(dir + "/postgres")) {
    Fail(ErrorKind::kEnvironment, "PostgreSQL 15 server binaries not found in " + dir,
         "install postgresql-15 (scripts/setup.sh) or set GRAFT_PG_BIN");
  }
  return dir;
}

std::string Bin(const std::string& name) {
  std::string path = BinDir() + "/" + name;
  if (access(path.c_str(), X_OK) != 0) {
    Fail(ErrorKind::kEnvironment, "PostgreSQL binary " + path + " is missing",
         "install postgresql-15 (scripts/setup.sh) or set GRAFT_PG_BIN");
  }
  return path;
}

bool HasPgCron() {
  static int has = -1;
  if (has < 0) {
    auto r = os::Run({.argv = {BinDir() + "/pg_config", "--pkglibdir"}});
    std::string dir = r.out;
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
    if (dir.empty()) dir = "/usr/lib/postgresql/15/lib";
    has = os::Exists(dir + "/pg_cron.so") ? 1 : 0;
  }
  return has == 1;
}

std::map<std::string, std::string> DefaultSettings(bool branch) {
  std::map<std::string, std::string> s;
  s["shared_buffers"] = branch ? "'16MB'" : "'128MB'";
  s["max_connections"] = branch ? "30" : "100";
  s["work_mem"] = branch ? "'2MB'" : "'4MB'";
  s["maintenance_work_mem"] = branch ? "'16MB'" : "'64MB'";
  s["max_wal_size"] = "'1GB'";
  // Emptying a schema-only branch truncates every table in one transaction
  // (about 9 locks a table): room for thousands of tables.
  s["max_locks_per_transaction"] = branch ? "512" : "128";
  s["wal_level"] = "'replica'";
  s["logging_collector"] = "off";
  // A clone starts with crash recovery; one syncfs() beats an fsync per file.
  s["recovery_init_sync_method"] = "syncfs";
  if (HasPgCron()) {
    s["shared_preload_libraries"] = "'pg_cron'";
    s["cron.database_name"] = "'postgres'";
    // Jobs run in background workers of this instance, never over a
    // connection: a cloned branch's copied jobs must not reach the parent.
    s["cron.use_background_workers"] = "on";
    s["max_worker_processes"] = "16";
  }
  return s;
}

namespace {

// Why the server stopped, from what its log gained during this start: the
// last FATAL or PANIC message, after the ERROR or LOG message that explains it
// when there is one ("invalid value for parameter ...; configuration file
// ... contains errors"). Empty when the log says nothing.
std::string LogReason(const std::string& log_path, size_t from) {
  std::string log;
  try {
    log = os::ReadFile(log_path);
  } catch (const Error&) {
    return "";
  }
  log = from < log.size() ? log.substr(from) : "";
  std::string cause, fatal, last;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    last = line;
    for (const char* level : {"FATAL:  ", "PANIC:  ", "ERROR:  ", "LOG:  "}) {
      auto at = line.find(level);
      if (at == std::string::npos) continue;
      std::string msg = line.substr(at + strlen(level));
      if (level[0] == 'F' || level[0] == 'P') {
        fatal = msg;
      } else if (fatal.empty() && (level[0] == 'E' || msg.rfind("invalid", 0) == 0 || msg.rfind("could not", 0) == 0)) {
        cause = msg;
      }
      break;
    }
  }
  if (fatal.empty()) return last;
  return cause.empty() ? fatal : cause + "; " + fatal;
}

void RunAsServer(const std::vector<std::string>& argv, const std::string& what, const std::string& log_path = "",
                 bool die_with_graft = false) {
  struct stat st {};
  size_t log_before = !log_path.empty() && stat(log_path.c_str(), &st) == 0 ? static_cast<size_t>(st.st_size) : 0;
  auto r = os::Run({.argv = argv, .as_user = os::ServerUser(), .cwd = "/", .die_with_parent = die_with_graft});
  if (!r.ok()) {
    std::string detail = r.err.empty() ? r.out : r.err;
    std::string hint;
    if (!log_path.empty() && os::Exists(log_path)) {
      // One line here; the whole story stays in the server's log file.
      std::string reason = LogReason(log_path, log_before);
      if (!reason.empty()) detail = reason;
      hint = "the server log is " + log_path;
    }
    auto nl = detail.find('\n');
    if (nl != std::string::npos) detail.resize(nl);
    Fail(ErrorKind::kDatabase, what + " failed: " + detail, hint);
  }
}

}  // namespace

std::string EnsureTemplate(const std::string& templates_dir, const std::string& locks_dir) {
  std::string data = templates_dir + "/pg15";
  if (os::Exists(data + "/PG_VERSION")) return data;
  os::MakeDirs(templates_dir);
  auto lock = os::FileLock::Acquire(locks_dir + "/template.lock", 300000);
  if (!lock) Fail(ErrorKind::kWrongState, "timed out waiting for another graft to prepare the template cluster");
  if (os::Exists(data + "/PG_VERSION")) return data;
  const auto& user = os::ServerUser();
  std::string tmp = templates_dir + "/pg15.tmp";
  // A killed graft's initdb died with it; its bootstrap server may still be
  // finishing in the half-made cluster.
  if (os::Exists(tmp)) os::EndProcesses(os::ProcessesIn(tmp, user.uid), 5000);
  os::RemoveAll(tmp);
  os::MakeDirs(tmp, 0700);
  os::Chown(tmp, user.uid, user.gid, false);
  // A throwaway password: every instance sets its own after it starts.
  std::string pwfile = templates_dir + "/pwfile";
  os::WriteFileAtomic(pwfile, RandomHex(16) + "\n", 0600);
  os::Chown(pwfile, user.uid, user.gid, false);
  try {
    RunAsServer({Bin("initdb"), "-D", tmp, "-U", kAdminRole, "--auth-local=trust", "--auth-host=scram-sha-256",
                 "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"},
                "initdb", "", /*die_with_graft=*/true);  // a killed graft leaves no initdb behind
  } catch (...) {
    os::RemoveAll(pwfile);
    os::RemoveAll(tmp);
    throw;
  }
  os::RemoveAll(pwfile);
  {
    std::ofstream conf(tmp + "/postgresql.conf", std::ios::app);
    conf << "\n# graft: per-instance settings (port, sockets, memory) live here\ninclude_if_exists = 'graft.conf'\n";
  }
  // pg_hba: only loopback TCP (scram) and the private socket (trust).
  os::WriteFileAtomic(tmp + "/pg_hba.conf",
                      "# graft: the socket directory is private to the server user\n"
                      "local   all         all                     trust\n"
                      "host    all         all     127.0.0.1/32    scram-sha-256\n"
                      "host    all         all     ::1/128         scram-sha-256\n"
                      "local   replication all                     trust\n",
                      0600);
  os::Chown(tmp, user.uid, user.gid, true);
  if (rename(tmp.c_str(), data.c_str()) != 0) {
    Fail(ErrorKind::kEnvironment, "cannot move the template cluster into " + data);
  }
  return data;
}

void WriteConfig(const Config& config) {
  std::ostringstream out;
  out << "# written by graft before every start: edits are overwritten\n";
  out << "port = " << config.port << "\n";
  out << "listen_addresses = '127.0.0.1'\n";
  out << "unix_socket_directories = " << pg::QuoteLiteral(config.socket_dir) << "\n";
  out << "unix_socket_permissions = 0700\n";
  for (const auto& [k, v] : config.settings) out << k << " = " << v << "\n";
  std::string path = config.data_dir + "/graft.conf";
  os::WriteFileAtomic(path, out.str(), 0600);
  const auto& user = os::ServerUser();
  os::Chown(path, user.uid, user.gid, false);
}

pid_t RunningPid(const std::string& data_dir) {
  std::string pidfile = data_dir + "/postmaster.pid";
  if (!os::Exists(pidfile)) return 0;
  std::string content;
  try {
    content = os::ReadFile(pidfile);
  } catch (const Error&) {
    return 0;
  }
  pid_t pid = static_cast<pid_t>(atol(content.c_str()));
  return os::ProcessAlive(pid) ? pid : 0;
}

bool Accepting(const std::string& socket_dir, int port, int timeout_s) {
  return AnswersQueries(socket_dir, port, timeout_s);
}

void ClearDeadPostmaster(const std::string& data_dir) {
  if (RunningPid(data_dir) || !os::Exists(data_dir + "/postmaster.pid")) return;
  // The postmaster is gone but its children may still run, attached to its
  // shared memory: PostgreSQL refuses to start until they have exited.
  os::EndProcesses(os::ProcessesIn(data_dir, os::ServerUser().uid), 5000);
  unlink((data_dir + "/postmaster.pid").c_str());
}

void Start(const Config& config) {
  if (!os::Exists(config.data_dir + "/PG_VERSION")) {
    Fail(ErrorKind::kEnvironment,
         "the data directory " + config.data_dir + " is gone (" +
             (os::Exists(config.data_dir) ? "no PG_VERSION in it" : "removed") + " outside graft)",
         "its database cannot be started; delete the project or branch and create it again");
  }
  ClearDeadPostmaster(config.data_dir);
  if (!RunningPid(config.data_dir)) {
    // The socket's lock file names a postmaster that is gone (perhaps not
    // yet reaped, which PostgreSQL would take for alive): remove it.
    std::string sock = config.socket_dir + "/.s.PGSQL." + std::to_string(config.port);
    if (os::Exists(sock + ".lock")) {
      pid_t owner = 0;
      try {
        owner = static_cast<pid_t>(atol(os::ReadFile(sock + ".lock").c_str()));
      } catch (const Error&) {
      }
      if (!os::ProcessAlive(owner)) {
        unlink((sock + ".lock").c_str());
        unlink(sock.c_str());
      }
    }
  }
  if (RunningPid(config.data_dir)) {
    if (Accepting(config.socket_dir, config.port)) return;
  } else if (!os::PortFree(config.port)) {
    Fail(ErrorKind::kEnvironment, "port " + std::to_string(config.port) + " is in use by another process",
         "stop whatever listens on 127.0.0.1:" + std::to_string(config.port) + " and run 'graft start' again");
  }
  WriteConfig(config);
  const auto& user = os::ServerUser();
  std::string log_dir = config.log_path.substr(0, config.log_path.find_last_of('/'));
  os::MakeDirs(log_dir, 0700);
  os::Chown(log_dir, user.uid, user.gid, false);
  os::MakeDirs(config.socket_dir, 0700);
  os::Chown(config.socket_dir, user.uid, user.gid, false);
  RunAsServer({Bin("pg_ctl"), "start", "-D", config.data_dir, "-l", config.log_path, "-w", "-t", "120", "-s"},
              "starting the server on port " + std::to_string(config.port), config.log_path);
  // pg_ctl -w returns when the postmaster says it is ready; make sure a real
  // query answers before anyone calls this instance ready.
  if (!Accepting(config.socket_dir, config.port, 10)) {
    Fail(ErrorKind::kDatabase, "the server on port " + std::to_string(config.port) + " started but does not answer queries");
  }
}

void Stop(const std::string& data_dir, bool immediate) {
  pid_t pid = RunningPid(data_dir);
  if (!pid) return;
  auto r = os::Run({.argv = {Bin("pg_ctl"), "stop", "-D", data_dir, "-m", immediate ? "immediate" : "fast", "-w",
                             "-t", "60", "-s"},
                    .as_user = os::ServerUser(),
                    .cwd = "/"});
  if (!r.ok() && RunningPid(data_dir)) {
    // Last resort: the postmaster ignores pg_ctl (or the data dir is damaged).
    kill(pid, SIGQUIT);
    for (int i = 0; i < 200 && os::ProcessAlive(pid); ++i) usleep(50000);
    if (os::ProcessAlive(pid)) kill(pid, SIGKILL);
  }
}

std::string SocketConninfo(const std::string& socket_dir, int port, const std::string& dbname) {
  return "host=" + socket_dir + " port=" + std::to_string(port) + " user=" + kAdminRole + " dbname=" + dbname;
}

std::string TcpUrl(int port, const std::string& password, const std::string& dbname) {
  return std::string("postgresql://") + kUserRole + ":" + password + "@127.0.0.1:" + std::to_string(port) + "/" + dbname;
}

}  // namespace graft::instance
