// tests/support/pg_cluster.h: a throwaway PostgreSQL 15 cluster for tests.
//
// PgCluster::Start() runs initdb into a fresh directory under /tmp (owned by
// the server user, see graft::os::ServerUser(): Postgres refuses to run as
// root), picks a free port on 127.0.0.1, puts the Unix socket in that same
// directory and starts the server with small memory settings and fsync=off.
// Authentication is `trust`, so a URL needs no password.
//
// Cleanup: the destructor stops the server (pg_ctl stop -m immediate) and
// removes the directory. So that an aborted, killed or timed-out test process
// leaves nothing behind either, Start() also forks a small reaper process that
// waits for the test process to go away; if it goes without having stopped the
// cluster, the reaper kills the postmaster (SIGQUIT, then SIGKILL) and removes
// the directory.
//
// Shared() is one lazily started cluster per test process, stopped at exit,
// so a test binary pays for initdb once.
//
// Errors: everything throws graft::Error (kEnvironment when the cluster cannot
// be started, kDatabase when SQL fails) with the relevant output in the
// message. Not thread-safe: use one cluster from one thread at a time.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "os/process.h"
#include "pg/conn.h"

namespace graft::testing {

class PgCluster {
 public:
  struct Options {
    std::string bin_dir = "/usr/lib/postgresql/15/bin";
    int max_connections = 40;
  };

  // Creates and starts a new cluster. Throws Error(kEnvironment) with the
  // server log when it cannot.
  static std::unique_ptr<PgCluster> Start(const Options& options);
  static std::unique_ptr<PgCluster> Start() { return Start(Options()); }

  // The cluster shared by the whole test process, started on first use and
  // stopped when the process exits.
  static PgCluster& Shared();

  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  ~PgCluster();

  // libpq URL for database `dbname` as the cluster's superuser.
  std::string url(const std::string& dbname) const;
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }  // the temp dir holding data/ and the socket
  const std::string& superuser() const { return superuser_; }
  const std::string& bin_dir() const { return options_.bin_dir; }

  // CREATE DATABASE name (template0, STRATEGY FILE_COPY). Throws if it exists.
  void CreateDatabase(const std::string& name);
  // DROP DATABASE IF EXISTS name WITH (FORCE).
  void DropDatabase(const std::string& name);
  // The statements the two above run, for a caller making many databases
  // over a connection of its own.
  static std::string CreateDatabaseSql(const std::string& name, const std::string& template_db = "template0");
  static std::string DropDatabaseSql(const std::string& name);
  // CREATE ROLE name (NOLOGIN) unless a role of that name exists.
  void CreateRoleIfMissing(const std::string& name);

  // Runs a SQL script through psql -X -v ON_ERROR_STOP=1 (optionally with
  // --single-transaction). Never throws for SQL errors: the result carries the
  // exit code and psql's output.
  os::RunResult RunSql(const std::string& db, const std::string& sql, bool single_transaction = false) const;
  // Same, reading the script from a file (read by this process, so the server
  // user need not be able to read it).
  os::RunResult RunSqlFile(const std::string& db, const std::string& path, bool single_transaction = false) const;

  // Runs one statement (or a script) over libpq; throws Error(kDatabase).
  pg::Result Exec(const std::string& db, const std::string& sql) const;

  // pg_dump --schema-only of `db` (plus `extra_args`, e.g. {"-n", "s"}),
  // normalised: comment lines, SET / set_config lines, \restrict lines and
  // blank lines are dropped, and each run of GRANT / REVOKE lines is sorted
  // (pg_dump prints them in ACL item order, which is grant order). Throws
  // Error(kDatabase) when pg_dump fails.
  std::string DumpSchema(const std::string& db, const std::vector<std::string>& extra_args = {}) const;

  // Stops the server (when it returns, the postmaster has exited) and removes
  // the directory; idempotent.
  void Stop();

  // Runs a program of the server installation (initdb, psql, ...) as the
  // server user.
  os::RunResult RunTool(const std::string& tool, std::vector<std::string> args,
                        const std::string& stdin_data = "") const;

 private:
  explicit PgCluster(const Options& options) : options_(options) {}
  void Init();
  void StartReaper();
  void StopReaper(bool cluster_removed);

  Options options_;
  std::string dir_;
  std::string data_dir_;
  std::string superuser_;
  int port_ = 0;
  bool running_ = false;
  pid_t reaper_pid_ = -1;
  int reaper_fd_ = -1;  // write end; closing it without a byte tells the reaper to clean up
};

// Normalises pg_dump output as described for DumpSchema().
std::string NormalizeDump(const std::string& dump);

// A line diff of two texts ("-" only in `a`, "+" only in `b`), with a few
// lines of context; empty when equal. For readable failure messages.
std::string LineDiff(const std::string& a, const std::string& b, const std::string& a_name = "a",
                     const std::string& b_name = "b");

}  // namespace graft::testing
