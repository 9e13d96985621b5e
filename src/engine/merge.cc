// `graft branch merge` (issue 9): the engine operation around the pure
// three-way merge (src/merge/).
//
// Plan: read the merge base (the branch's last merge, else T0), introspect
// parent and branch (user schemas only: platform rows merge separately),
// merge::MergeSchemas, render renames + ddl::BuildPlan(from, target), merge
// the platform config rows field by field (merge::MergeConfig), count the
// rows the plan would delete on the parent.
//
// Apply, one recorded operation (kind branch-merge) with steps:
//   plan    the branch goes `merging`; the branch side as PlanMerge read it
//           (MergePlan::review), or read again when the branch was reset or
//           merged since; the next merge base serialised;
//   apply   one transaction on the parent: advisory lock, lock_timeout, the
//           parent re-read inside it (drift guard: an unmoved parent reuses
//           the reviewed merge, a moved one is merged again, and a new
//           conflict stops it with kStale), data-loss gate,
//           the statements, the parent re-read again and compared object by
//           object with the target (any mismatch rolls back), the merge row
//           recorded as `applying` with the transaction id, COMMIT;
//   record  the merge row `merged`, the merge base moved to what was merged,
//           the branch `merged`; then NOTIFY pgrst and the pg_cron sync.
// A kill before COMMIT leaves the parent untouched; the next graft command
// asks the parent for the transaction's status (txid_status) and rolls the
// record forward or back accordingly.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "common/crypto.h"
#include "common/error.h"
#include "common/names.h"
#include "common/teardown.h"
#include "ddl/plan.h"
#include "engine/apply.h"
#include "engine/engine.h"
#include "engine/merge_rows.h"
#include "engine/operation.h"
#include "engine/states.h"
#include "instance/instance.h"
#include "instance/roles.h"
#include "introspect/introspect.h"
#include "merge/merge.h"
#include "pg/transaction.h"
#include "platform/platform.h"
#include "schema/model.h"
#include "schema/sql.h"
#include "store/records.h"
#include "store/store.h"

namespace graft::engine {

using nlohmann::json;

class MergeOps {
 public:
  struct Sides {
    schema::Schema base, parent, branch;
    json base_cfg, parent_cfg, branch_cfg;
    std::string base_label = "t0", base_time;
  };
  struct Computed {
    MergePlan plan;
    std::vector<ApplyStatement> statements;  // real SQL, in order: the schema's, then the config rows'
    std::vector<ddl::Statement> ddl;      // the schema part (data-loss check)
    std::vector<merge::RowChange> rows;   // the config part (verification)
    schema::Schema from, target;
    bool schedules_changed = false;
  };

  static introspect::Options UserOptions() {
    introspect::Options o;
    o.exclude_schemas = platform::Schemas();
    return o;
  }

  // Drops what lives in the platform schemas (their rows merge separately).
  static schema::Schema UserOnly(schema::Schema s) {
    const auto& ps = platform::Schemas();
    auto platform_schema = [&](const std::string& n) { return std::find(ps.begin(), ps.end(), n) != ps.end(); };
    std::vector<std::string> drop;
    for (const auto& [k, o] : s.objects()) {
      if (platform_schema(o.id.schema) || (o.id.kind == schema::ObjectKind::kSchema && platform_schema(o.id.name))) {
        drop.push_back(k);
      }
    }
    for (const auto& k : drop) s.Remove(k);
    return s;
  }

  static std::string Fingerprint(const schema::Schema& s, const json& cfg) {
    return Sha256Hex(schema::SchemaFingerprint(s) + "\n" + cfg.dump());
  }

  // Milliseconds between laps (benchmark and --json timings).
  struct Clock {
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
    double Lap() {
      auto now = std::chrono::steady_clock::now();
      double ms = std::chrono::duration<double, std::milli>(now - last).count();
      last = now;
      return std::round(ms * 10) / 10;
    }
  };

  static std::pair<Target, Target> Pair(Engine& e, const std::optional<std::string>& project, const std::string& name) {
    ValidateName("branch", name);
    Target t = e.Resolve(project, std::nullopt);
    Target parent = t.is_branch() ? e.LoadTarget(t.parent_id) : t;
    auto list = e.LoadTargets("WHERE p.parent_id = ? AND p.name = ?", {std::to_string(parent.id), name});
    if (list.empty()) {
      if (name == parent.project) {
        Fail(ErrorKind::kUsage, "cannot merge project '" + name + "' into itself",
             "name one of its branches (graft branch list)");
      }
      for (const auto& other : e.LoadTargets("WHERE p.parent_id IS NOT NULL AND p.name = ?", {name})) {
        if (other.org != parent.org) continue;
        Fail(ErrorKind::kNotFound,
             "branch '" + name + "' is not a branch of project '" + parent.project + "': it belongs to project '" +
                 other.project + "'",
             "merge it into its own parent: graft branch merge " + name + " --project " + other.org + ":" +
                 other.project);
      }
      Fail(ErrorKind::kNotFound, "branch '" + name + "' of project '" + parent.project + "' does not exist",
           "list them with 'graft branch list'");
    }
    Target b = list[0];
    if (IsBusy(b.state)) {
      Fail(ErrorKind::kWrongState, "cannot merge branch '" + b.display + "' while it is " + b.state,
           "wait for the running operation to finish");
    }
    if (parent.state != "ready") {
      Fail(ErrorKind::kWrongState, "cannot merge into project '" + parent.project + "' while it is " + parent.state);
    }
    for (const Target* x : {&parent, &b}) {
      if (!instance::RunningPid(x->data_dir)) {
        Fail(ErrorKind::kWrongState, "the instance of " + std::string(x->is_branch() ? "branch '" : "project '") +
                                         x->display + "' is stopped",
             "start it with 'graft start --project " + parent.org + ":" + parent.project + "'");
      }
    }
    return {parent, b};
  }

  // The merge base: the branch's last merge, else its T0.
  static void ReadBase(Engine& e, const Target& b, Sides& s) { ParseBase(LoadBase(e, b), s); }
  // The control-plane read (this thread: the store is not shared) ...
  static store::MergeBaseRecord LoadBase(Engine& e, const Target& b) {
    auto base = store::MergeBaseOf(*e.store_, b.id);
    if (!base) Fail(ErrorKind::kInternal, "branch '" + b.display + "' has no T0 record");
    return *base;
  }
  // ... and the parse of the recorded models, pure (may run beside the
  // introspection of both sides).
  static void ParseBase(const store::MergeBaseRecord& base, Sides& s) {
    s.base_label = base.label;
    s.base_time = base.created_at;
    s.base = UserOnly(schema::FromJson(json::parse(base.schema_json)));
    s.base_cfg = json::parse(base.platform_json);
  }

  // Runs fn() while the merge base is parsed into `s` in another thread
  // (fn must leave s.base and s.base_cfg alone); the parse's time in *ms.
  template <class F>
  static void BesideBaseParse(const store::MergeBaseRecord& base, Sides& s, double* ms, F&& fn) {
    auto parse = std::async(std::launch::async, [&] {
      Clock c;
      ParseBase(base, s);
      if (ms) *ms = c.Lap();
    });
    try {
      fn();
    } catch (...) {
      parse.wait();
      throw;
    }
    parse.get();
  }

  static void ReadSide(pg::Conn& c, bool in_txn, schema::Schema& model, json& cfg) {
    auto opts = UserOptions();
    opts.in_transaction = in_txn;
    model = UserOnly(introspect::Introspect(c, opts));
    // The schema statements run as the user role (below), which is
    // therefore the creator the plan assumes: no owner statements.
    model.current_user = instance::kUserRole;
    cfg = platform::ConfigRows(c);
  }

  // The next merge base: the branch as merged. Catalog identities are shared
  // by parent and branch only for what existed when the branch was cloned
  // (the identities of the current base); an object created after it has
  // unrelated OIDs on the two sides (both allocate from the clone's OID
  // counter, so they even collide), so it keeps no identity and is matched
  // by key next time.
  static schema::Schema NextBase(const schema::Schema& base, const schema::Schema& branch) {
    std::set<std::string> shared;
    for (const auto& [k, o] : base.objects()) {
      if (!o.identity.empty()) shared.insert(o.identity);
    }
    schema::Schema next = branch;
    std::vector<std::string> keys;
    for (const auto& [k, o] : next.objects()) {
      if (!o.identity.empty() && !shared.count(o.identity)) keys.push_back(k);
    }
    for (const auto& k : keys) next.FindMutable(k)->identity.clear();
    return next;
  }

  static std::string Hazards(const std::vector<ddl::Hazard>& h) {
    std::string s;
    for (const auto& x : h) s += (s.empty() ? "" : ", ") + std::string(ddl::HazardName(x));
    return s;
  }
  static json HazardNames(const std::vector<ddl::Hazard>& h) {
    json out = json::array();
    for (const auto& x : h) out.push_back(ddl::HazardName(x));
    return out;
  }

  static Computed Compute(const Target& parent, const Target& b, const Sides& s) {
    Computed out;
    MergePlan& p = out.plan;
    p.branch = b.display;
    p.parent = parent.display;
    p.base = s.base_label;
    p.base_time = s.base_time;
    p.parent_fingerprint = Fingerprint(s.parent, s.parent_cfg);

    auto sm = merge::MergeSchemas(s.base, s.parent, s.branch);
    ddl::Plan plan = ddl::BuildPlan(sm.from, sm.target);
    auto cm = merge::MergeConfig(MergeConfigTables(), s.base_cfg, s.parent_cfg, s.branch_cfg);
    out.from = std::move(sm.from);
    out.target = std::move(sm.target);
    out.ddl = plan.statements;
    out.rows = cm.changes;
    p.notes = plan.notes;

    for (const auto& r : sm.renames) {
      std::string obj = r.from.Display() + " to " + r.to.Display();
      std::string kind = schema::KindName(r.from.kind);
      p.sql += "-- rename " + kind + " " + obj + "\n" + r.sql + "\n";
      p.changes.push_back({{"kind", kind}, {"object", obj}, {"action", "rename"}, {"sql", r.sql},
                           {"hazards", json::array()}});
      out.statements.push_back({r.sql, "rename " + kind + " " + obj});
    }
    for (const auto& st : plan.statements) {
      std::string h = Hazards(st.hazards);
      p.sql += "-- " + st.action + " " + st.kind + " " + st.object + (h.empty() ? "" : " (hazards: " + h + ")") + "\n" +
               st.sql + "\n";
      p.changes.push_back({{"kind", st.kind}, {"object", st.object}, {"action", st.action}, {"sql", st.sql},
                           {"hazards", HazardNames(st.hazards)}});
      if (!h.empty()) p.hazards.push_back(st.action + " " + st.kind + " " + st.object + ": " + h);
      out.statements.push_back({st.sql, Describe(st)});
    }
    for (const auto& rc : cm.changes) {
      std::string where = rc.table + " " + rc.key.dump();
      p.sql += "-- " + rc.action + " config " + where + "\n" + rc.shown_sql + "\n";
      p.config.push_back({{"table", rc.table}, {"key", rc.key}, {"action", rc.action}, {"fields", rc.fields}});
      if (rc.redacted) p.redacted.push_back(where);
      if (rc.table == "system.migrations") {
        p.migrations.push_back({{"version", rc.key.value("version", json(nullptr))}, {"action", rc.action}});
      }
      if (rc.table == "schedules.jobs") out.schedules_changed = true;
      out.statements.push_back({rc.sql, "config row " + where});
    }
    for (const auto& c : sm.conflicts) p.conflicts.push_back(c.ToJson());
    for (const auto& c : cm.conflicts) p.conflicts.push_back(c.ToJson());

    std::map<std::string, int> by_action;
    for (const auto& c : sm.changes) by_action[c.action]++;
    p.summary = {{"added", by_action["add"]},
                 {"altered", by_action["alter"]},
                 {"renamed", by_action["rename"]},
                 {"dropped", by_action["drop"]},
                 {"statements", out.statements.size()},
                 {"config_rows", p.config.size()},
                 {"migrations", p.migrations.size()},
                 {"conflicts", p.conflicts.size()}};
    return out;
  }

  // The statements that would delete rows the parent holds: drops and
  // rebuilds of tables and columns with rows (an empty one is no loss).
  static json DataLoss(pg::Conn& c, const Computed& k) {
    json out = json::array();
    for (const auto& st : k.ddl) {
      if (!st.Has(ddl::Hazard::kDeletesData)) continue;
      const schema::Object* obj = nullptr;
      for (const auto& [key, o] : k.from.objects()) {
        if (st.kind == schema::KindName(o.id.kind) && o.id.Display() == st.object) {
          obj = &o;
          break;
        }
      }
      int64_t rows = -1;  // unknown: counted as loss
      if (obj && (obj->id.kind == schema::ObjectKind::kTable || obj->id.kind == schema::ObjectKind::kColumn)) {
        bool column = obj->id.kind == schema::ObjectKind::kColumn;
        std::string rel = schema::QualifiedName(obj->id.schema, column ? obj->id.table : obj->id.name);
        std::string q = "SELECT count(*) AS n FROM " + rel +
                        (column ? " WHERE " + schema::QuoteIdent(obj->id.name) + " IS NOT NULL" : "");
        rows = std::stoll(c.Exec(q).Str(0, "n"));
      } else if (obj && obj->id.kind == schema::ObjectKind::kMaterializedView) {
        continue;  // derived rows: refreshed, not lost
      }
      if (rows == 0) continue;
      out.push_back({{"kind", st.kind}, {"object", st.object}, {"sql", st.sql}, {"rows", rows}});
    }
    return out;
  }

  static std::string Names(const json& items, const char* field = "object") {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i[field].get<std::string>();
    return s;
  }

  static void CheckApplicable(const MergePlan& p, const MergeOptions& opts) {
    if (p.blocked()) {
      Fail(ErrorKind::kConflict,
           "merge of branch '" + p.branch + "' is blocked by " + std::to_string(p.conflicts.size()) +
               " conflict(s): " + Names(p.conflicts),
           "make both sides agree (change the parent or the branch), then merge again");
    }
    if (!p.data_loss.empty() && !opts.allow_data_loss) {
      std::string what;
      for (const auto& d : p.data_loss) {
        what += (what.empty() ? "" : "; ") + d["sql"].get<std::string>() + " (" +
                (d["rows"].get<int64_t>() < 0 ? "rows unknown" : std::to_string(d["rows"].get<int64_t>()) + " rows") +
                ")";
      }
      Fail(ErrorKind::kDataLoss, "the merge would delete rows on the parent: " + what,
           "review the plan and pass --allow-data-loss to apply it anyway");
    }
    // All or nothing: a statement that cannot run inside the merge's one
    // transaction (engine/apply.h) refuses the merge before anything runs.
    for (const auto& c : p.changes) {
      for (const auto& h : c["hazards"]) {
        if (h != ddl::HazardName(ddl::Hazard::kNotTransactional)) continue;
        Fail(ErrorKind::kUsage,
             "the merge needs a statement that cannot run inside its one transaction (" +
                 c["action"].get<std::string>() + " " + c["kind"].get<std::string>() + " " +
                 c["object"].get<std::string>() + "): " + c["sql"].get<std::string>() + "; nothing was applied",
             "run that statement on the parent by hand, then merge again");
      }
    }
  }

  // Marks a merge done: merge row, merge base, branch state, operation.
  static void Finish(Engine& e, int64_t op_id, int64_t merge_id, int64_t branch_id, const std::string& fp_after) {
    e.store_->Write([&] {
      store::FinishMerge(*e.store_, merge_id, fp_after);
      store::SetState(*e.store_, branch_id, "merged", "");
      store::EndOperation(*e.store_, op_id, "done");
    });
  }

  // What follows a committed merge on the parent; failures are reported, the
  // merge stands.
  static void AfterCommit(Engine& e, const Target& parent, bool schedules) {
    try {
      auto c = e.Connect(parent);
      c.Exec("NOTIFY pgrst, 'reload schema'");
      if (schedules) platform::SyncSchedules(c);
    } catch (const std::exception& ex) {
      store::SetLastError(*e.store_, parent.id, std::string("after merge: ") + ex.what());
    }
  }
};

// What PlanMerge read and computed, for ApplyMerge to apply as reviewed.
struct MergeReview {
  int64_t branch_id = 0;
  int64_t last_branch_op = 0;  // the newest operation on the branch when planned
  std::string base_label, base_time;
  MergeOps::Sides sides;
  MergeOps::Computed computed;
  // The models are freed at exit, not one node at a time here (common/teardown.h).
  ~MergeReview() {
    Discard(std::move(sides));
    Discard(std::move(computed));
  }
};

MergePlan Engine::PlanMerge(const std::optional<std::string>& project, const std::string& name) {
  auto pair = MergeOps::Pair(*this, project, name);
  const Target& parent = pair.first;
  const Target& b = pair.second;
  MergeOps::Clock clock;
  MergeOps::Sides s;
  // The merge base is parsed while both sides are introspected: three
  // threads, each writing its own part of `s`.
  store::MergeBaseRecord base = MergeOps::LoadBase(*this, b);
  double read_base = 0;
  std::optional<pg::Conn> c;  // the parent's, kept for the row counts
  MergeOps::BesideBaseParse(base, s, &read_base, [&] {
    auto branch_side = std::async(std::launch::async, [&] {
      auto bc = Connect(b);
      MergeOps::ReadSide(bc, false, s.branch, s.branch_cfg);
    });
    try {
      c.emplace(Connect(parent));
      MergeOps::ReadSide(*c, false, s.parent, s.parent_cfg);
    } catch (...) {
      branch_side.wait();
      throw;
    }
    branch_side.get();
  });
  double introspect = clock.Lap();
  auto k = MergeOps::Compute(parent, b, s);
  double plan = clock.Lap();
  k.plan.data_loss = MergeOps::DataLoss(*c, k);
  k.plan.summary["timings_ms"] = {{"read_base", read_base}, {"introspect_both", introspect}, {"merge_and_plan", plan},
                                  {"count_rows", clock.Lap()}};
  auto review = std::make_shared<MergeReview>();
  review->branch_id = b.id;
  review->last_branch_op = store::LastOperationOn(*store_, b.id, INT64_MAX);
  review->base_label = s.base_label;
  review->base_time = s.base_time;
  MergePlan shown = k.plan;
  shown.review = review;
  review->sides = std::move(s);
  review->computed = std::move(k);
  return shown;
}

MergePlan Engine::ApplyMerge(const std::optional<std::string>& project, const std::string& name,
                             const MergeOptions& opts) {
  auto pair = MergeOps::Pair(*this, project, name);
  const Target& parent = pair.first;
  const Target& b = pair.second;
  std::string prev_state = b.state;
  // Test hooks: SQL committed on the parent (or the branch) between the
  // shown plan and the apply, so tests can drive the drift guard (and show
  // that the reviewed branch state is what merges) deterministically. It
  // runs as the URL's role, as a user's session would.
  if (const char* drift = getenv("GRAFT_TEST_MERGE_DRIFT_SQL"); drift && *drift) ConnectUser(parent).ExecAll(drift);
  if (const char* drift = getenv("GRAFT_TEST_MERGE_BRANCH_DRIFT_SQL"); drift && *drift) ConnectUser(b).ExecAll(drift);
  auto op = Operation::Begin(*store_, locks_dir(), "branch-merge", b.display, {{"prev_state", prev_state}, {"branch", b.display}},
                             [&] { return ClaimBranch(*store_, b.id, b.display, "merge"); });
  int64_t merge_id = 0;
  MergeOps::Computed k;
  std::string fp_after;
  try {
    MergeOps::Sides s;
    // The plan the user reviewed, when it still stands on the branch's
    // side: the same merge base and no operation on the branch since (a
    // reset, another merge, or an earlier apply of this same review, which
    // may have taken its models). The branch is then merged as it was
    // shown, and that state becomes its next merge base.
    std::shared_ptr<MergeReview> review = opts.review;
    std::string next_base_json;
    op.Step("plan", [&] {
      auto base = MergeOps::LoadBase(*this, b);
      if (review && (review->branch_id != b.id || review->base_label != base.label ||
                     review->base_time != base.created_at ||
                     review->last_branch_op != store::LastOperationOn(*store_, b.id, op.id()))) {
        review.reset();
      }
      if (review) {
        s = std::move(review->sides);
      } else {
        MergeOps::BesideBaseParse(base, s, nullptr, [&] {
          auto c = Connect(b);
          MergeOps::ReadSide(c, false, s.branch, s.branch_cfg);
        });
      }
      // Recorded with the merge; serialised here, before any lock is taken.
      next_base_json = schema::ToJson(MergeOps::NextBase(s.base, s.branch)).dump();
    });
    op.Step("apply", [&] {
      auto c = Connect(parent);
      c.Exec("SET application_name = 'graft-merge-" + std::to_string(op.id()) + "'");
      MergeOps::Clock clock;
      pg::Transaction tx(c);
      SetLocalLockTimeout(c, opts.lock_timeout_ms);
      // One merge at a time into a parent.
      c.Exec("SELECT pg_advisory_xact_lock(7347, " + std::to_string(parent.id) + "::int)");
      MergeOps::ReadSide(c, true, s.parent, s.parent_cfg);
      bool reused = review && MergeOps::Fingerprint(s.parent, s.parent_cfg) == review->computed.plan.parent_fingerprint;
      if (reused) {
        k = std::move(review->computed);  // the parent did not move: the reviewed merge stands
      } else {
        k = MergeOps::Compute(parent, b, s);
      }
      if (!opts.expected_fingerprint.empty() && k.plan.parent_fingerprint != opts.expected_fingerprint) {
        if (k.plan.blocked()) {
          Fail(ErrorKind::kStale,
               "the parent changed since the plan was shown and now conflicts with branch '" + b.display +
                   "': " + MergeOps::Names(k.plan.conflicts),
               "review the new plan with 'graft branch merge " + name + " --dry-run'");
        }
        k.plan.replanned = true;
      }
      k.plan.data_loss = MergeOps::DataLoss(c, k);
      MergeOps::CheckApplicable(k.plan, opts);
      double replan = clock.Lap();
      // Schema statements as the user role, so merged objects are owned by it
      // as if applied through a URL (instance/roles.h); config rows as graft_admin.
      RunContext ctx{"merge", opts.lock_timeout_ms, "; nothing was applied",
                     "retry when the parent is less busy, or raise it with --lock-timeout MS"};
      size_t n_schema = k.plan.changes.size();
      c.Exec(std::string("SET LOCAL ROLE ") + instance::kUserRole);
      RunStatements(c, {k.statements.begin(), k.statements.begin() + n_schema}, ctx);
      c.Exec("RESET ROLE");
      RunStatements(c, {k.statements.begin() + n_schema, k.statements.end()}, ctx);
      // Test hook: SQL run after the plan and before the verification, so
      // tests can prove a wrong result is never committed.
      if (const char* inject = getenv("GRAFT_TEST_MERGE_INJECT_SQL"); inject && *inject) c.Exec(inject);
      schema::Schema after;
      json after_cfg;
      MergeOps::ReadSide(c, true, after, after_cfg);
      std::vector<std::string> bad;
      std::set<std::string> keys;
      for (const auto& [key, o] : after.objects()) keys.insert(key);
      for (const auto& [key, o] : k.target.objects()) keys.insert(key);
      for (const auto& key : keys) {
        const auto* want = k.target.Find(key);
        const auto* got = after.Find(key);
        if (want && got && want->Fingerprint() == got->Fingerprint()) continue;
        const auto* any = want ? want : got;
        bad.push_back(std::string(schema::KindName(any->id.kind)) + " " + any->id.Display() +
                      (!want ? " (not expected)" : !got ? " (missing)" : " (differs)"));
      }
      // The config rows: the parent's rows with the merged row changes, row by row.
      for (auto& x : merge::VerifyConfig(MergeConfigTables(), s.parent_cfg, s.branch_cfg, k.rows, after_cfg)) {
        bad.push_back(std::move(x));
      }
      if (!bad.empty()) {
        std::string list;
        for (const auto& x : bad) list += (list.empty() ? "" : "; ") + x;
        Fail(ErrorKind::kInternal, "merge verification failed, rolled back (nothing applied): the parent would not "
                                   "match the merged result: " + list);
      }
      double statements_and_verify = clock.Lap();
      std::string txid = c.Exec("SELECT txid_current()::text AS x").Str(0, "x");
      merge_id = store::StartMerge(*store_, {op.id(), b.id, parent.id, *b.branch, k.plan.sql, k.plan.parent_fingerprint,
                                             txid, next_base_json, s.branch_cfg.dump()});
      MaybeKill("branch-merge", "before-commit");
      tx.Commit();
      // Locks are taken by the statements and held to COMMIT: the statements,
      // the verification and the commit bound the longest one.
      k.plan.summary["timings_ms"] = {{"read_and_replan_in_transaction", replan},
                                      {"statements_and_verify", statements_and_verify},
                                      {"locks_held_at_most", std::round((statements_and_verify + clock.Lap()) * 10) / 10},
                                      {"reviewed_plan_reused", reused}};
      fp_after = MergeOps::Fingerprint(after, after_cfg);
    });
    op.Step("record", [&] { MergeOps::Finish(*this, op.id(), merge_id, b.id, fp_after); });
  } catch (const std::exception& e) {
    store_->Write([&] {
      if (merge_id) store::EndMerge(*store_, merge_id, e.what());
      store::SetState(*store_, b.id, prev_state, std::nullopt, "merging");
      op.Failed(e.what());
    });
    throw;
  }
  MergeOps::AfterCommit(*this, parent, k.schedules_changed);
  k.plan.applied = true;
  MergePlan out = std::move(k.plan);
  Discard(std::move(k));
  return out;
}

std::optional<std::string> Engine::LastMergeAt(int64_t branch_id) {
  return store::LastMergeAt(*store_, branch_id);
}

void Engine::RecoverMerge(int64_t op_id, int64_t project_id, const nlohmann::json& args) {
  std::string prev = args.is_object() ? args.value("prev_state", "ready") : "ready";
  auto m = store::MergeOf(*store_, op_id);
  bool committed = false;
  Target parent;
  if (m && m->status == "applying") {
    // Only the parent knows whether the merge's transaction committed. A
    // parent stopped since (by hand, a crash, a reboot) is started for the
    // question and stopped again; a parent that cannot start leaves the
    // operation running (retried by the next command) and says so.
    parent = LoadTarget(m->parent_id);
    bool was_stopped = !instance::RunningPid(parent.data_dir);
    std::string status;
    try {
      if (was_stopped) {
        std::cerr << "graft: starting project '" << parent.display << "' to settle the interrupted merge of "
                  << (args.is_object() ? args.value("branch", std::string("its branch")) : "its branch") << "\n";
        StartInstance(parent);
      }
      auto c = Connect(parent);
      // The killed graft's backend may still hold the transaction open: end it.
      c.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
             {"graft-merge-" + std::to_string(op_id)});
      for (int i = 0; i < 600; ++i) {
        status = c.Exec("SELECT coalesce(txid_status($1::bigint), 'unknown') AS s", {m->txid}).Str(0, "s");
        if (status != "in progress") break;
        c.Exec("SELECT pg_sleep(0.05)");
      }
    } catch (const std::exception& e) {
      std::string why = "the interrupted merge cannot be settled while project '" + parent.display +
                        "' cannot be reached (" + e.what() + "); start it with 'graft start --project " + parent.org +
                        ":" + parent.project + "' and the next graft command settles it";
      std::cerr << "graft: " << why << "\n";
      store::SetLastError(*store_, project_id, why);
      store::NoteOperationError(*store_, op_id, why);
      if (was_stopped) {
        try {
          instance::Stop(parent.data_dir, /*immediate=*/false);
        } catch (const std::exception&) {
        }
      }
      return;  // still running: retried by the next command
    }
    if (status == "in progress") Fail(ErrorKind::kDatabase, "the interrupted merge's transaction is still running");
    committed = status == "committed";
    if (committed) {
      MergeOps::Finish(*this, op_id, m->id, project_id, "");
      bool schedules = m->sql.find("config schedules.jobs") != std::string::npos;
      MergeOps::AfterCommit(*this, parent, schedules);
    }
    if (was_stopped) instance::Stop(parent.data_dir, /*immediate=*/false);
    if (committed) return;
  }
  store_->Write([&] {
    if (m) store::EndMerge(*store_, m->id, "interrupted", /*interrupted=*/true);
    store::SetState(*store_, project_id, prev, std::nullopt, "merging");
    store::EndOperation(*store_, op_id, "rolled_back", "interrupted; rolled back");
  });
}

}  // namespace graft::engine
