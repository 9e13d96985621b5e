// graft/ddl/plan.h: turns a change set into an ordered, hazard-annotated plan
// of SQL statements.
//
// BuildPlan(from, to) diffs the two models and renders the DDL that turns a
// database whose schema is `from` into one whose schema is `to`:
//   * ALTER where Postgres allows it; drop and recreate where it does not
//     (action "recreate"), together with every object that depends on the
//     recreated one (views on a changed view, triggers and policies on a
//     replaced function, ...).
//   * Statements are ordered by the dependency graph in the models (from
//     pg_depend and the definitions): drops first, dependents before what
//     they depend on (using `from`), then creates and alters, dependencies
//     first (using `to`).
//   * Every statement lists its hazards (see Hazard).
//   * Roles referenced by `to` but absent from `from` are created (guarded by
//     an existence check); roles are never dropped.
//   * A table whose column order differs is recreated under its name with its
//     rows copied (action "recreate", hazards rewrites_table and, when columns
//     go away, deletes_data).
//
// Pure: no I/O. Deterministic for equal inputs. Thread-safe (no shared state).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "diff/diff.h"
#include "schema/model.h"

namespace graft::ddl {

enum class Hazard {
  kDeletesData,
  kRewritesTable,
  kAccessExclusiveLock,
  kIndexBuild,
  kNotTransactional,
  kMayFailOnExistingData,
};
// "deletes_data", "rewrites_table", "access_exclusive_lock", "index_build",
// "not_transactional", "may_fail_on_existing_data".
const char* HazardName(Hazard h);

struct Statement {
  std::string sql;      // one SQL statement, ending with ';'
  std::string key;      // the object's model key ("table:public.users"); "" for plan settings
  std::string object;   // display name of the object ("public.users")
  std::string kind;     // schema::KindName of the object ("table")
  std::string action;   // create, drop, alter, recreate, grant, revoke, comment, ...
  std::vector<Hazard> hazards;  // no repeats, sorted by HazardName
  bool Has(Hazard h) const;
};

struct Plan {
  std::vector<Statement> statements;
  // Things the plan could not express (unsupported object kinds, differences
  // graft reports but does not migrate). Empty for a complete plan.
  std::vector<std::string> notes;
  bool empty() const { return statements.empty(); }
  // {"statements":[{sql, object, kind, action, hazards}], "summary":{...}}
  nlohmann::json ToJson() const;
  // Each statement preceded by "-- <action> <kind> <object> [hazards: ...]".
  // Empty string for an empty plan.
  std::string ToText() const;
};

Plan BuildPlan(const schema::Schema& from, const schema::Schema& to);
Plan BuildPlan(const schema::Schema& from, const schema::Schema& to, const diff::ChangeSet& changes);

// The SQL that creates `object` (a member of `in`) on its own, as a plan
// would: the CREATE (or, for a column, ADD COLUMN) followed by its comment,
// owner and privileges, statements separated by blank lines. Objects it needs
// are assumed to exist. Empty for kinds that have no CREATE of their own
// (a column of a view). Used to show definitions as SQL.
std::string RenderCreate(const schema::Object& object, const schema::Schema& in);

}  // namespace graft::ddl
