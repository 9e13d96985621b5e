// graft/instance/instance.h: one PostgreSQL 15 cluster per project.
//
// Finds the server binaries, makes data directories (from a template cluster
// initialised once per home), writes graft's settings file, and starts and
// stops servers through pg_ctl as the unprivileged server user (root is
// refused by Postgres). Servers keep running after graft exits.
// Stateless functions; safe to call from several processes on different
// data directories.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

namespace graft::instance {

// Directory holding initdb, pg_ctl, postgres, pg_dump ... of PostgreSQL 15:
// $GRAFT_PG_BIN, else /usr/lib/postgresql/15/bin. Throws kEnvironment naming
// the missing binary.
std::string BinDir();
std::string Bin(const std::string& name);

struct Config {
  std::string data_dir;
  std::string socket_dir;
  std::string log_path;
  int port = 0;
  // Extra postgresql.conf settings (memory sizes, pg_cron ...), already quoted
  // as they must appear after "name = ".
  std::map<std::string, std::string> settings;
};

// Creates (once, under a lock) an initdb'd template cluster in `templates_dir`
// and returns its data directory. The template's bootstrap superuser is
// graft_admin, with no usable password (the user role is made at first
// connection: roles.h); local socket connections are trusted (the socket directory is
// private to the server user) and TCP connections need scram-sha-256.
std::string EnsureTemplate(const std::string& templates_dir, const std::string& locks_dir);

// Default settings for a project instance or a (smaller) branch instance,
// before the home's config overrides.
std::map<std::string, std::string> DefaultSettings(bool branch);
bool HasPgCron();

// Writes <data_dir>/graft.conf with port, sockets, listen address and the
// settings; postgresql.conf includes it.
void WriteConfig(const Config& config);

// Starts the server and waits until it accepts connections. Throws
// kEnvironment when the port is taken by another process or the data
// directory is gone, kDatabase with the log's reason (one line) and the log
// file's path in the hint when it does not come up. Clears a killed
// postmaster's leftovers first (ClearDeadPostmaster).
void Start(const Config& config);
// After a postmaster was killed (SIGKILL): ends its children still attached
// to its shared memory and removes its postmaster.pid. No-op while it runs.
void ClearDeadPostmaster(const std::string& data_dir);
// Stops it (fast shutdown, or immediate). Missing or stopped: no error.
void Stop(const std::string& data_dir, bool immediate);
// The postmaster pid when its process is alive, else 0.
pid_t RunningPid(const std::string& data_dir);
// True when a `SELECT 1` through the socket succeeds within `timeout_s`.
bool Accepting(const std::string& socket_dir, int port, int timeout_s = 2);

// libpq conninfo through the unix socket as graft_admin, the bootstrap
// superuser (trusted; roles.h). Prefer ConnectAdmin, which migrates old instances.
std::string SocketConninfo(const std::string& socket_dir, int port, const std::string& dbname = "postgres");
// The URL users get: TCP on 127.0.0.1 as the user role `postgres` (not a
// superuser: roles.h) with the password.
std::string TcpUrl(int port, const std::string& password, const std::string& dbname = "postgres");

}  // namespace graft::instance
