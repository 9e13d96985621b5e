#include "store/records.h"

namespace graft::store {

void StartStep(Store& s, int64_t op_id, int seq, const std::string& name) {
  std::string id = std::to_string(op_id), now = NowUtc();
  s.Write([&] {
    s.Exec("UPDATE operations SET step = ?, updated_at = ? WHERE id = ?", {name, now, id});
    s.Exec("INSERT OR REPLACE INTO steps(op_id, seq, name, started_at) VALUES (?, ?, ?, ?)",
           {id, std::to_string(seq), name, now});
  });
}

void FinishStep(Store& s, int64_t op_id, int seq, int64_t ms) {
  s.Exec("UPDATE steps SET finished_at = ?, ms = ? WHERE op_id = ? AND seq = ?",
         {NowUtc(), std::to_string(ms), std::to_string(op_id), std::to_string(seq)});
}

int LastStepSeq(Store& s, int64_t op_id) {
  auto r = s.Query("SELECT COALESCE(MAX(seq), 0) AS seq FROM steps WHERE op_id = ?", {std::to_string(op_id)});
  return static_cast<int>(r.Int(0, "seq"));
}

namespace {
Value Nullable(const std::string& v) { return v.empty() ? Value(std::nullopt) : Value(v); }
}  // namespace

int64_t InsertProject(Store& s, const NewProject& p) {
  std::string now = NowUtc();
  s.Exec(
      "INSERT INTO projects(org_id, name, parent_id, state, mode, port, db_password, jwt_secret, api_key, anon_key, "
      "created_at, updated_at) VALUES (?, ?, ?, 'creating', ?, ?, ?, ?, ?, '', ?, ?)",
      {std::to_string(p.org_id), p.name, p.parent_id ? Value(std::to_string(p.parent_id)) : Value(std::nullopt),
       Nullable(p.mode), std::to_string(p.port), p.db_password, p.jwt_secret, p.api_key, now, now});
  return s.LastInsertId();
}

void DeleteProject(Store& s, int64_t id) { s.Exec("DELETE FROM projects WHERE id = ?", {std::to_string(id)}); }

int64_t OrgIdOrCreate(Store& s, const std::string& org) {
  auto o = s.Query("SELECT id FROM orgs WHERE name = ?", {org});
  if (!o.empty()) return o.Int(0, "id");
  s.Exec("INSERT INTO orgs(name, created_at) VALUES (?, ?)", {org, NowUtc()});
  return s.LastInsertId();
}

std::vector<int> UsedPorts(Store& s) {
  auto rows = s.Query("SELECT port FROM projects");
  std::vector<int> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(static_cast<int>(rows.Int(i, "port")));
  return out;
}

std::optional<std::string> ProjectStateByName(Store& s, int64_t org_id, const std::string& name) {
  auto r = s.Query("SELECT state FROM projects WHERE org_id = ? AND name = ? AND parent_id IS NULL",
                   {std::to_string(org_id), name});
  if (r.empty()) return std::nullopt;
  return r.Str(0, "state");
}

std::optional<std::string> BranchStateByName(Store& s, int64_t parent_id, const std::string& name) {
  auto r = s.Query("SELECT state FROM projects WHERE parent_id = ? AND name = ?", {std::to_string(parent_id), name});
  if (r.empty()) return std::nullopt;
  return r.Str(0, "state");
}

int64_t CountBranches(Store& s, int64_t parent_id) {
  return s.Query("SELECT count(*) AS n FROM projects WHERE parent_id = ?", {std::to_string(parent_id)}).Int(0, "n");
}

int64_t CountParentsWithBranches(Store& s, int64_t org_id) {
  return s.Query("SELECT count(DISTINCT parent_id) AS n FROM projects WHERE parent_id IS NOT NULL AND org_id = ?",
                 {std::to_string(org_id)})
      .Int(0, "n");
}

std::optional<ProjectSecrets> SecretsOf(Store& s, int64_t id) {
  auto r = s.Query("SELECT org_id, state, db_password, jwt_secret, api_key, anon_key FROM projects WHERE id = ?",
                   {std::to_string(id)});
  if (r.empty()) return std::nullopt;
  return ProjectSecrets{r.Int(0, "org_id"), r.Str(0, "state"), r.Str(0, "db_password"), r.Str(0, "jwt_secret"),
                        r.Str(0, "api_key"), r.Str(0, "anon_key")};
}

std::vector<RunningOperation> RunningOperations(Store& s) {
  auto ops = s.Query("SELECT id, kind, project_id, lock_path, args FROM operations WHERE state = 'running' ORDER BY id");
  std::vector<RunningOperation> out;
  for (size_t i = 0; i < ops.size(); ++i) {
    out.push_back({ops.Int(i, "id"), ops.Str(i, "kind"), ops.Null(i, "project_id") ? 0 : ops.Int(i, "project_id"),
                   ops.Str(i, "lock_path"), ops.Str(i, "args")});
  }
  return out;
}

std::optional<std::string> StateOf(Store& s, int64_t id) {
  auto r = s.Query("SELECT state FROM projects WHERE id = ?", {std::to_string(id)});
  if (r.empty()) return std::nullopt;
  return r.Str(0, "state");
}

void SetState(Store& s, int64_t id, const std::string& state, const std::optional<std::string>& last_error,
              const std::string& from) {
  std::string sql = "UPDATE projects SET state = ?, updated_at = ?";
  std::vector<Value> params = {state, NowUtc()};
  if (last_error) {
    sql += ", last_error = ?";
    params.push_back(Nullable(*last_error));
  }
  sql += " WHERE id = ?";
  params.push_back(std::to_string(id));
  if (!from.empty()) {
    sql += " AND state = ?";
    params.push_back(from);
  }
  s.Exec(sql, params);
}

void SetDeletingWithBranches(Store& s, int64_t project_id) {
  std::string id = std::to_string(project_id);
  s.Exec("UPDATE projects SET state = 'deleting', updated_at = ? WHERE id = ? OR parent_id = ?", {NowUtc(), id, id});
}

void SetLastError(Store& s, int64_t id, const std::string& error) {
  s.Exec("UPDATE projects SET last_error = ? WHERE id = ?", {Nullable(error), std::to_string(id)});
}

void SetPort(Store& s, int64_t id, int port) {
  s.Exec("UPDATE projects SET port = ?, updated_at = ? WHERE id = ?",
         {std::to_string(port), NowUtc(), std::to_string(id)});
}

void SetAnonKey(Store& s, int64_t id, const std::string& anon_key) {
  s.Exec("UPDATE projects SET anon_key = ? WHERE id = ?", {anon_key, std::to_string(id)});
}

void SetReadyCloned(Store& s, int64_t id, const std::string& clone_method) {
  s.Exec("UPDATE projects SET state = 'ready', clone_method = ?, updated_at = ? WHERE id = ?",
         {clone_method, NowUtc(), std::to_string(id)});
}

void NoteOperationError(Store& s, int64_t op_id, const std::string& error) {
  s.Exec("UPDATE operations SET error = ?, updated_at = ? WHERE id = ?", {error, NowUtc(), std::to_string(op_id)});
}

void EndOperation(Store& s, int64_t op_id, const std::string& state, const std::string& error, bool only_running) {
  std::string now = NowUtc();
  s.Exec(std::string("UPDATE operations SET state = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ?") +
             (only_running ? " AND state = 'running'" : ""),
         {state, Nullable(error), now, now, std::to_string(op_id)});
}

int64_t LastOperationOn(Store& s, int64_t project_id, int64_t below) {
  auto r = s.Query("SELECT COALESCE(MAX(id), 0) AS id FROM operations WHERE project_id = ? AND id < ?",
                   {std::to_string(project_id), std::to_string(below)});
  return r.Int(0, "id");
}

std::vector<OperationRecord> RecentOperations(Store& s, int limit) {
  auto ops = s.Query(
      "SELECT id, kind, project_name, state, COALESCE(step, '') AS step, COALESCE(error, '') AS error, started_at, "
      "COALESCE(finished_at, '') AS finished_at FROM operations ORDER BY id DESC LIMIT ?",
      {std::to_string(limit)});
  std::vector<OperationRecord> out;
  for (size_t i = 0; i < ops.size(); ++i) {
    OperationRecord o;
    o.id = ops.Int(i, "id");
    o.kind = ops.Str(i, "kind");
    o.project_name = ops.Str(i, "project_name");
    o.state = ops.Str(i, "state");
    o.step = ops.Str(i, "step");
    o.error = ops.Str(i, "error");
    o.started_at = ops.Str(i, "started_at");
    o.finished_at = ops.Str(i, "finished_at");
    auto steps = s.Query("SELECT seq, name, started_at, finished_at, ms FROM steps WHERE op_id = ? ORDER BY seq",
                         {std::to_string(o.id)});
    for (size_t j = 0; j < steps.size(); ++j) {
      StepRecord st;
      st.seq = static_cast<int>(steps.Int(j, "seq"));
      st.name = steps.Str(j, "name");
      st.started_at = steps.Str(j, "started_at");
      if (!steps.Null(j, "finished_at")) st.finished_at = steps.Str(j, "finished_at");
      if (!steps.Null(j, "ms")) st.ms = steps.Int(j, "ms");
      o.steps.push_back(std::move(st));
    }
    out.push_back(std::move(o));
  }
  return out;
}

void PutT0(Store& s, const T0Record& t) {
  s.Exec(
      "INSERT INTO t0(branch_id, parent_id, schema_json, platform_json, parent_lsn, snapshot_dir, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {std::to_string(t.branch_id), std::to_string(t.parent_id), t.schema_json, t.platform_json, t.parent_lsn,
       t.snapshot_dir, NowUtc()});
}

void DeleteT0(Store& s, int64_t branch_id) { s.Exec("DELETE FROM t0 WHERE branch_id = ?", {std::to_string(branch_id)}); }

std::optional<MergeBaseRecord> MergeBaseOf(Store& s, int64_t branch_id) {
  std::string id = std::to_string(branch_id);
  for (const char* table : {"merge_bases", "t0"}) {
    auto r = s.Query(std::string("SELECT schema_json, platform_json, created_at FROM ") + table + " WHERE branch_id = ?",
                     {id});
    if (r.empty()) continue;
    return MergeBaseRecord{std::string(table) == "t0" ? "t0" : "merge", r.Str(0, "schema_json"),
                           r.Str(0, "platform_json"), r.Str(0, "created_at")};
  }
  return std::nullopt;
}

void DeleteMergeBase(Store& s, int64_t branch_id) {
  s.Exec("DELETE FROM merge_bases WHERE branch_id = ?", {std::to_string(branch_id)});
}

int64_t StartMerge(Store& s, const MergeRecord& m) {
  int64_t id = 0;
  s.Write([&] {
    s.Exec(
        "INSERT INTO merges(op_id, branch_id, parent_id, branch_name, status, sql, parent_fingerprint_before, txid, "
        "base_schema_json, base_platform_json, started_at) VALUES (?, ?, ?, ?, 'applying', ?, ?, ?, ?, ?, ?)",
        {std::to_string(m.op_id), std::to_string(m.branch_id), std::to_string(m.parent_id), m.branch_name, m.sql,
         m.parent_fingerprint_before, m.txid, m.base_schema_json, m.base_platform_json, NowUtc()});
    id = s.LastInsertId();
  });
  return id;
}

void FinishMerge(Store& s, int64_t merge_id, const std::string& fingerprint_after) {
  std::string now = NowUtc(), id = std::to_string(merge_id);
  s.Write([&] {
    s.Exec("UPDATE merges SET status = 'merged', parent_fingerprint_after = ?, finished_at = ? WHERE id = ?",
           {fingerprint_after.empty() ? std::nullopt : std::optional<std::string>(fingerprint_after), now, id});
    s.Exec(
        "INSERT OR REPLACE INTO merge_bases(branch_id, merge_id, schema_json, platform_json, created_at) "
        "SELECT branch_id, id, base_schema_json, base_platform_json, ? FROM merges WHERE id = ?",
        {now, id});
  });
}

void EndMerge(Store& s, int64_t merge_id, const std::string& error, bool interrupted) {
  s.Exec("UPDATE merges SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'applying'",
         {interrupted ? "rolled_back" : "failed", error, NowUtc(), std::to_string(merge_id)});
}

std::optional<MergeOfOperation> MergeOf(Store& s, int64_t op_id) {
  auto r = s.Query("SELECT id, parent_id, COALESCE(txid, '') AS txid, status, sql FROM merges WHERE op_id = ?",
                   {std::to_string(op_id)});
  if (r.empty()) return std::nullopt;
  return MergeOfOperation{r.Int(0, "id"), r.Int(0, "parent_id"), r.Str(0, "txid"), r.Str(0, "status"),
                          r.Str(0, "sql")};
}

std::optional<std::string> LastMergeAt(Store& s, int64_t branch_id) {
  auto r = s.Query("SELECT max(finished_at) AS t FROM merges WHERE branch_id = ? AND status = 'merged'",
                   {std::to_string(branch_id)});
  if (r.empty() || r.Null(0, "t")) return std::nullopt;
  return r.Str(0, "t");
}

void SetLinkedProject(Store& s, const std::string& spec) {
  s.Exec("INSERT INTO context(key, value) VALUES ('project', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
         {spec});
}

std::optional<std::string> LinkedProject(Store& s) {
  auto r = s.Query("SELECT value FROM context WHERE key = 'project'");
  if (r.empty()) return std::nullopt;
  return r.Str(0, "value");
}

std::optional<std::string> CurrentBranch(Store& s, const std::string& spec) {
  auto r = s.Query("SELECT value FROM context WHERE key = ?", {"branch:" + spec});
  if (r.empty()) return std::nullopt;
  return r.Str(0, "value");
}

void ForgetBranch(Store& s, const std::string& spec, const std::string& branch) {
  s.Exec("DELETE FROM context WHERE key = ? AND value = ?", {"branch:" + spec, branch});
}

void ForgetProject(Store& s, const std::string& spec) {
  s.Exec("DELETE FROM context WHERE (key = 'project' AND value = ?) OR key = ?", {spec, "branch:" + spec});
}

void SetCurrentBranch(Store& s, const std::string& spec, const std::optional<std::string>& branch) {
  if (branch) {
    s.Exec("INSERT INTO context(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
           {"branch:" + spec, *branch});
  } else {
    s.Exec("DELETE FROM context WHERE key = ?", {"branch:" + spec});
  }
}

}  // namespace graft::store
