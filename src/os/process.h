// graft/os/process.h: running child processes.
//
// Run() starts a program (os/spawn.h: without fork's copy of the page
// tables), optionally as another (unprivileged) user, feeding stdin and
// capturing stdout/stderr. The child closes every inherited
// descriptor above 2, so servers started through pg_ctl never hold graft's
// lock files or database handles. Thread-safe (no shared state).
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace graft::os {

struct User {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::string home;
};

// The user server processes run as: the current user, or the `postgres`
// system user when graft runs as root (Postgres refuses to run as root).
// Throws Error(kEnvironment) when running as root and no such user exists.
const User& ServerUser();
bool RunningAsRoot();
// Mode of the home's directories on the way to the servers' data
// directories: 0711 (traversable, not listable) when the servers run as
// another user, else 0700.
mode_t TraverseMode();

struct RunOptions {
  std::vector<std::string> argv;           // argv[0] is looked up in PATH if not absolute
  std::optional<User> as_user;             // drop privileges to this user (root only)
  std::string cwd;                         // empty: inherit
  std::map<std::string, std::string> env;  // added to (or replacing in) the environment
  std::string stdin_data;                  // written to the child's stdin
  bool capture = true;                     // false: inherit stdout/stderr
  std::string stdout_path;                 // non-empty: redirect stdout there (truncates)
  bool die_with_parent = false;            // SIGKILL the child when the calling thread's process dies
};

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
  bool ok() const { return exit_code == 0; }
};

// Runs to completion. Throws Error(kEnvironment) if the program cannot be
// executed at all (not found, not executable).
RunResult Run(const RunOptions& options);

// True when a process with this pid exists (a zombie does not count).
bool ProcessAlive(pid_t pid);

// Pids of the processes of user `uid` whose working directory is `dir`
// (compared after resolving links). A PostgreSQL server's processes all run
// in its data directory, so this finds a killed postmaster's children.
std::vector<pid_t> ProcessesIn(const std::string& dir, uid_t uid);

// Sends SIGQUIT to each of `pids`, waits up to `timeout_ms` for them to
// exit, then SIGKILLs and waits for the rest. Returns when all are gone.
void EndProcesses(const std::vector<pid_t>& pids, int timeout_ms);

// Absolute path of `program` in PATH (or as given when it contains '/');
// empty when not found.
std::string FindInPath(const std::string& program);

}  // namespace graft::os
