// graft/store/records.h: typed access to the control plane's records
// (operations and their steps, project states, T0, merges and merge bases,
// the linked context), so the engine writes
// none of that SQL inline. Each call runs its statements in the caller's
// write transaction when there is one (Store::Write), else on its own.
// Same thread-safety as Store: one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace graft::store {

// --- operations and their steps --------------------------------------------

struct StepRecord {
  int seq = 0;
  std::string name;
  std::string started_at;
  std::optional<std::string> finished_at;  // nullopt: running or interrupted
  std::optional<int64_t> ms;
};

struct OperationRecord {
  int64_t id = 0;
  std::string kind;          // project-create, branch-reset, ...
  std::string project_name;
  std::string state;         // running, done, failed, rolled_back
  std::string step;          // the step last started
  std::string error;
  std::string started_at;
  std::string finished_at;   // "" while running
  std::vector<StepRecord> steps;  // by seq
};

// Step `seq` of operation `op_id` starts (it becomes the operation's current
// step); recording a seq again replaces it.
void StartStep(Store& s, int64_t op_id, int seq, const std::string& name);
void FinishStep(Store& s, int64_t op_id, int seq, int64_t ms);
// The highest seq recorded for the operation; 0 when none.
int LastStepSeq(Store& s, int64_t op_id);
// The newest operation on project (or branch) `project_id` whose id is below
// `below`; 0 when none.
int64_t LastOperationOn(Store& s, int64_t project_id, int64_t below);
// The `limit` most recent operations, newest first, with their steps.
std::vector<OperationRecord> RecentOperations(Store& s, int limit);

// --- T0 ----------------------------------------------------------------------

struct T0Record {
  int64_t branch_id = 0;
  int64_t parent_id = 0;
  std::string schema_json;    // schema::ToJson of the branch at creation
  std::string platform_json;  // the registry's config rows
  std::string parent_lsn;     // where the clone stopped in the parent's WAL
  std::string snapshot_dir;
};
// Records a branch's T0, stamped now (a branch has one).
void PutT0(Store& s, const T0Record& t0);
void DeleteT0(Store& s, int64_t branch_id);

// --- projects and branches -------------------------------------------------

// A new project or branch row, `creating`, with an empty anon key (signed
// with its id afterwards: SetAnonKey). parent_id 0: a project.
struct NewProject {
  int64_t org_id = 0;
  std::string name;
  int64_t parent_id = 0;
  std::string mode;  // branches: full, schema-only
  int port = 0;
  std::string db_password, jwt_secret, api_key;
};
// Returns the new row's id.
int64_t InsertProject(Store& s, const NewProject& p);
void DeleteProject(Store& s, int64_t id);
// The org's id, created when it does not exist.
int64_t OrgIdOrCreate(Store& s, const std::string& org);
// The ports every project and branch holds.
std::vector<int> UsedPorts(Store& s);
// The state of the project `name` of an org, or of the branch `name` of a
// parent; nullopt when there is none.
std::optional<std::string> ProjectStateByName(Store& s, int64_t org_id, const std::string& name);
std::optional<std::string> BranchStateByName(Store& s, int64_t parent_id, const std::string& name);
// Quotas: branches of one parent; parents with branches in one org.
int64_t CountBranches(Store& s, int64_t parent_id);
int64_t CountParentsWithBranches(Store& s, int64_t org_id);
struct ProjectSecrets {
  int64_t org_id = 0;
  std::string state, db_password, jwt_secret, api_key, anon_key;
};
std::optional<ProjectSecrets> SecretsOf(Store& s, int64_t id);

// Operations still `running` (their process died or is alive), oldest first.
struct RunningOperation {
  int64_t id = 0;
  std::string kind;
  int64_t project_id = 0;  // 0: none
  std::string lock_path;
  std::string args;  // JSON
};
std::vector<RunningOperation> RunningOperations(Store& s);

// --- project and branch states ----------------------------------------------

// The state of project (or branch) `id`; nullopt when there is none.
std::optional<std::string> StateOf(Store& s, int64_t id);
// Project (or branch) `id` moves to `state`, stamped now. `last_error`:
// nullopt leaves it, "" clears it. With `from`, only when it is in that
// state (a recovery or failure path must not undo another's change).
void SetState(Store& s, int64_t id, const std::string& state,
              const std::optional<std::string>& last_error = std::nullopt, const std::string& from = "");
// A project and all its branches go `deleting`.
void SetDeletingWithBranches(Store& s, int64_t project_id);
// last_error of project `id` ("" clears it); its state is left alone.
void SetLastError(Store& s, int64_t id, const std::string& error);
void SetPort(Store& s, int64_t id, int port);
void SetAnonKey(Store& s, int64_t id, const std::string& anon_key);
// A cloned branch is `ready`, made with `clone_method`.
void SetReadyCloned(Store& s, int64_t id, const std::string& clone_method);
// A still running operation notes why it cannot end yet.
void NoteOperationError(Store& s, int64_t op_id, const std::string& error);
// Operation `op_id` ends as `state` (done, failed, rolled_back) with `error`
// ("": none), stamped now; `only_running`: unless it already ended.
void EndOperation(Store& s, int64_t op_id, const std::string& state, const std::string& error = "",
                  bool only_running = false);

// --- merges and merge bases --------------------------------------------------

// What a merge compares against: the branch's last merge, else its T0.
struct MergeBaseRecord {
  std::string label;          // "merge" (the last merge) or "t0"
  std::string schema_json;    // schema::ToJson of the base
  std::string platform_json;  // the base's config rows
  std::string created_at;
};
// The base of the branch's next merge: its merge base when it has one, else
// its T0; nullopt when it has neither.
std::optional<MergeBaseRecord> MergeBaseOf(Store& s, int64_t branch_id);
// The branch forgets its merge base (reset, delete): the next merge is from T0.
void DeleteMergeBase(Store& s, int64_t branch_id);

// A merge being applied: status `applying`, stamped now.
struct MergeRecord {
  int64_t op_id = 0;
  int64_t branch_id = 0;
  int64_t parent_id = 0;
  std::string branch_name;
  std::string sql;                        // as shown: secrets redacted
  std::string parent_fingerprint_before;
  std::string txid;                       // the parent transaction applying it
  std::string base_schema_json;           // the next merge base, once merged
  std::string base_platform_json;
};
// Returns the merge's id.
int64_t StartMerge(Store& s, const MergeRecord& m);
// The merge is `merged` (fingerprint_after "" when unknown) and its base
// becomes the branch's merge base.
void FinishMerge(Store& s, int64_t merge_id, const std::string& fingerprint_after);
// A merge still `applying` ends as `failed` with `error` (or `rolled_back`
// when `interrupted`); a merge in another status is left alone.
void EndMerge(Store& s, int64_t merge_id, const std::string& error, bool interrupted = false);

struct MergeOfOperation {
  int64_t id = 0;
  int64_t parent_id = 0;
  std::string txid;
  std::string status;
  std::string sql;
};
// The merge operation `op_id` recorded, if it got that far.
std::optional<MergeOfOperation> MergeOf(Store& s, int64_t op_id);
// When the branch was last merged; nullopt when never.
std::optional<std::string> LastMergeAt(Store& s, int64_t branch_id);

// --- the linked context ------------------------------------------------------
// `spec` is a project as ORG:NAME.

void SetLinkedProject(Store& s, const std::string& spec);
std::optional<std::string> LinkedProject(Store& s);
std::optional<std::string> CurrentBranch(Store& s, const std::string& spec);
// The branch commands act on when `spec` is linked (nullopt: the project).
void SetCurrentBranch(Store& s, const std::string& spec, const std::optional<std::string>& branch);
// A deleted branch stops being `spec`'s current branch (if it was).
void ForgetBranch(Store& s, const std::string& spec, const std::string& branch);
// A deleted project stops being linked (if it was) and loses its current branch.
void ForgetProject(Store& s, const std::string& spec);

}  // namespace graft::store
