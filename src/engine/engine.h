// graft/engine/engine.h: the one engine the CLI (and later an HTTP daemon)
// drives. It owns a home directory: the SQLite control plane, the instances'
// data directories, snapshots and locks.
//
// Thread-safety: an Engine is used by one thread. Several graft processes may
// share a home: metadata writes are SQLite transactions, and long operations
// take a per-project file lock, recorded as steps so that an interrupted one
// (process killed) is finished or rolled back by the next graft command.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "os/files.h"
#include "pg/conn.h"
#include "store/records.h"

namespace graft::engine {

// What a command acts on: a project, or one of its branches. Both are
// "projects" with their own Postgres instance.
struct Target {
  int64_t id = 0;                 // project row id (a branch has its own row)
  std::string org;
  std::string project;            // the parent project's name (or this project's)
  std::optional<std::string> branch;  // set when the target is a branch
  std::string display;            // "app" or "app/feature"
  std::string state;              // ready, creating, ...
  int port = 0;
  std::string instance_dir;       // <home>/instances/<id>
  std::string data_dir;           // instance_dir + "/data" (PGDATA)
  std::string storage_dir;        // instance_dir + "/storage": storage object bytes
  std::string socket_dir;
  std::string url;                // libpq URL with password, accepted by psql
  int64_t parent_id = 0;          // 0 for a project, the parent's id for a branch
  std::string mode;               // branch: full | schema-only
  std::string created_at;
  std::string clone_method;       // branch: how its data directory was made
  std::string last_error;
  bool is_branch() const { return branch.has_value(); }
};

struct Keys {
  std::string jwt_secret;
  std::string api_key;
  std::string anon_key;
};

// The home's config.json (every field optional; defaults shown in the README).
struct Config {
  int max_parents_with_branches_per_org = 3;
  int max_branches_per_parent = 2;
  int first_port = 54400;
  int last_port = 55399;
  std::map<std::string, std::string> instance_settings;         // postgresql.conf overrides
  std::map<std::string, std::string> branch_instance_settings;  // for branch instances
};

// What `graft branch merge` shows and applies (engine/merge.cc). `sql` is
// the reviewed text: each statement after a "-- <action> <kind> <object>"
// line, secret values redacted.
// What a shown plan was computed from (the merge base, the branch as read,
// the computed merge): handed back to ApplyMerge, which then applies what was
// reviewed instead of reading and merging the branch again. Engine-internal.
struct MergeReview;

struct MergePlan {
  std::string branch;               // "app/feature"
  std::string parent;               // "app"
  std::string base;                 // "t0" or "merge" (the last merge of this branch)
  std::string base_time;
  std::string parent_fingerprint;   // of the parent state the plan was computed from
  nlohmann::json summary = nlohmann::json::object();
  nlohmann::json changes = nlohmann::json::array();     // [{kind, object, action, sql, hazards}]
  nlohmann::json config = nlohmann::json::array();      // [{table, key, action, fields}]
  nlohmann::json migrations = nlohmann::json::array();  // [{version, action}]
  nlohmann::json conflicts = nlohmann::json::array();   // merge::Conflict::ToJson()
  nlohmann::json data_loss = nlohmann::json::array();   // [{kind, object, sql, rows}]
  std::vector<std::string> hazards;   // "<action> <kind> <object>: h1, h2"
  std::vector<std::string> notes;     // what the planner could not express
  std::vector<std::string> redacted;  // config rows whose secret values `sql` hides
  std::string sql;
  bool replanned = false;  // the parent moved since the shown plan; merged into this one
  bool applied = false;
  std::shared_ptr<MergeReview> review;  // set by PlanMerge; not part of ToJson()
  bool blocked() const { return !conflicts.empty(); }
  bool empty() const { return changes.empty() && config.empty(); }
  nlohmann::json ToJson() const;
  // The --save-sql file: header, conflicts banner and a stopping statement
  // when blocked, BEGIN; sql COMMIT;.
  std::string SaveSqlText() const;
};

struct MergeOptions {
  bool allow_data_loss = false;
  int lock_timeout_ms = 5000;
  // The parent fingerprint of the plan the user saw ("": none shown).
  std::string expected_fingerprint;
  // The shown plan's MergePlan::review (null: read everything again). Used
  // when the branch's merge base is still the one it was computed from; the
  // computed merge is reused when the parent, re-read under the lock, still
  // has the plan's fingerprint.
  std::shared_ptr<MergeReview> review;
};

struct InstanceStatus {
  Target target;
  bool running = false;     // postmaster process alive
  bool accepting = false;   // answers a query
  std::string detail;
};

// Process-wide setup a front end does before anything else: files graft
// creates are private to their owner (umask 077); the user's umask is kept
// for files written for the user (os::UserMode); large models are not freed
// one node at a time before exit (common/teardown.h).
void StartProcess();

// Whether opening a home may create it: only a command that makes something
// (`project create`) does; every other command on a home that does not exist
// fails (kNotFound) and creates nothing.
enum class HomeMode { kOpen, kCreate };

class Engine {
 public:
  // Opens the home: `home_flag` wins, then $GRAFT_HOME, then the default.
  // With HomeMode::kCreate a missing home is created; with kOpen it is a
  // kNotFound error ("no graft home at PATH") and nothing is created. A home
  // (or an entry in it) owned by another user is refused (kEnvironment)
  // unless `allow_other_owner`. Does not recover: a front end calls
  // Recover() next, before any other call.
  explicit Engine(const std::string& home_flag, bool allow_other_owner = false,
                  HomeMode mode = HomeMode::kCreate);

  // The startup step: finishes or rolls back each operation a killed graft
  // process left running (one whose lock file nobody holds), recording the
  // steps it redoes under that operation. Operations still held by a live
  // process are left alone. One that cannot be settled is marked failed
  // (its project's last_error says why) and never blocks the others.
  void Recover();

  // The `limit` most recent operations, newest first, with their steps and
  // timings (another process's running operation shows its steps so far).
  std::vector<store::OperationRecord> Operations(int limit);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const std::string& home() const { return home_; }
  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }

  // --- context -------------------------------------------------------------
  // Resolves flags and the linked context (graft link / branch switch /
  // GRAFT_PROJECT) into a target. `branch` names a branch of the project.
  // Throws kNotFound / kUsage (no project given and none linked).
  Target Resolve(const std::optional<std::string>& project, const std::optional<std::string>& branch);
  // Same, and checks that its instance is running and ready (kWrongState otherwise).
  Target ResolveReady(const std::optional<std::string>& project, const std::optional<std::string>& branch);
  // graft's own connection: graft_admin over the unix socket (instance/roles.h).
  pg::Conn Connect(const Target& t);
  // The user role's (postgres) connection over the socket: what `graft sql` runs as.
  pg::Conn ConnectUser(const Target& t);
  void Link(const std::string& project);
  std::optional<std::string> LinkedProject();
  std::optional<std::string> LinkedBranch();  // current branch of the linked project, if switched

  // The storage lock of a target's instance: an exclusive flock, waited on
  // for up to 120 s, then Error(kWrongState). The engine's storage writes
  // (engine/resources.h: object put/rm, bucket delete) and a branch's clone
  // step hold it, so that a branch snapshot sees the object files and their
  // metadata rows consistently. Front ends never take it themselves.
  os::FileLock LockStorage(const Target& t);

  // --- projects ------------------------------------------------------------
  Target CreateProject(const std::string& name, const std::string& org);
  std::vector<Target> ListProjects();
  void DeleteProject(const std::string& name, const std::string& org);
  Keys GetKeys(const Target& t);

  // --- instances -----------------------------------------------------------
  std::vector<InstanceStatus> Status();
  // Whether t's server runs and answers a query (within 2 s).
  InstanceStatus StatusOf(Target t);
  void Start(const std::optional<std::string>& project);
  void Stop(const std::optional<std::string>& project);

  // --- branches ------------------------------------------------------------
  struct BranchOptions {
    std::string mode = "full";  // full | schema-only
    bool switch_context = true;
  };
  Target CreateBranch(const std::optional<std::string>& project, const std::string& name, const BranchOptions& opts);
  std::vector<Target> ListBranches(const std::optional<std::string>& project);
  // Switches the current context of the project to a branch (nullopt: parent).
  void SwitchBranch(const std::optional<std::string>& project, const std::optional<std::string>& branch);
  Target ResetBranch(const std::optional<std::string>& project, const std::string& name);
  void DeleteBranch(const std::optional<std::string>& project, const std::string& name);
  // Three-way merge of branch `name` into its parent. PlanMerge
  // reads and changes nothing. ApplyMerge re-reads the parent under its lock
  // and re-plans when it moved (drift guard against opts.expected_fingerprint:
  // kStale when the moved parent now conflicts), refuses conflicts (kConflict) and unallowed data
  // loss (kDataLoss), applies in one transaction, verifies the result before
  // COMMIT, records the merge and moves the branch's merge base.
  MergePlan PlanMerge(const std::optional<std::string>& project, const std::string& name);
  MergePlan ApplyMerge(const std::optional<std::string>& project, const std::string& name, const MergeOptions& opts);
  // Time of the last successful merge of a branch, if any.
  std::optional<std::string> LastMergeAt(int64_t branch_id);

  // --- tokens --------------------------------------------------------------
  std::string MintToken(const Target& t, const std::string& sub, int64_t ttl_seconds,
                        const std::string& role);
  nlohmann::json VerifyToken(const Target& t, const std::string& token);  // throws kUsage when invalid

 private:
  friend class BranchOps;
  friend class MergeOps;
  Target LoadTarget(int64_t id);
  std::vector<Target> LoadTargets(const std::string& where, const std::vector<std::optional<std::string>>& params);
  Target FindProject(const std::string& name);  // a top-level project, by name or ORG:NAME
  std::vector<Target> InstancesOf(const std::optional<std::string>& project);
  // `overrides` replace settings for this start only (graft.conf is
  // rewritten before every start).
  void StartInstance(const Target& t, const std::map<std::string, std::string>& overrides = {});
  // Makes files copied into t's instance durable (syncfs) before a server
  // that will not sync them itself starts on them: a clean-shutdown copy
  // starts without crash recovery. Skipped when the home runs its servers
  // with fsync off.
  void SyncCopied(const Target& t);
  void RemoveInstance(const Target& t);       // stops and deletes its directories
  void RemoveAbandonedUploads();
  // Before a new instance's first start (its URL not handed out yet): when
  // another process took its port since allocation, takes another one.
  void RepickPortIfTaken(Target& t);
  void RecoverOne(const std::string& kind, int64_t op_id, int64_t project_id, const nlohmann::json& args);
  void RecoverBranchOp(const std::string& kind, int64_t op_id, int64_t project_id, const nlohmann::json& args);
  // A merge killed around its COMMIT: the parent says whether it committed.
  void RecoverMerge(int64_t op_id, int64_t project_id, const nlohmann::json& args);
  int AllocatePort();
  std::string locks_dir() const { return home_ + "/locks"; }

  std::string home_;
  Config config_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace graft::engine
