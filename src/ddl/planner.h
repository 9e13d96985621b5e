// graft/ddl/planner.h: the planner's inside, shared by the files of ddl/
// (not a public header: include ddl/plan.h).
//
// A Planner turns a change set into statements in three steps:
//   * decisions (planner.cc): which changed objects are altered, which are
//     dropped and created again (replace_), which tables are rebuilt with
//     their rows copied (rebuild_), which columns are converted (retype_),
//     which types are swapped by rename (type_rename_), and the cascade of
//     those decisions to dependents;
//   * rendering, one file per object family, each a Create/Drop/Alter trio
//     of member functions that append statements through Create(), Drop()
//     and After() (render_*.cc);
//   * ordering (order.cc): the drop phase by the `from` dependency graph in
//     reverse, then the create phase by what each statement needs in `to`.
// Each statement declares the model keys it provides and needs; the keys of
// synthetic steps are prefixed ("rename:", "copy:", "dropold:", "meta:",
// "ownedby:", "inherit:", "partition:", "default:", "domcon:").
//
// Pure: no I/O.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ddl/plan.h"
#include "diff/diff.h"
#include "schema/model.h"

namespace graft::ddl::internal {

using nlohmann::json;
using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::Schema;

using Hz = std::vector<Hazard>;
inline constexpr Hazard kLock = Hazard::kAccessExclusiveLock;
inline constexpr Hazard kData = Hazard::kDeletesData;
inline constexpr Hazard kRewrite = Hazard::kRewritesTable;
inline constexpr Hazard kIndex = Hazard::kIndexBuild;
inline constexpr Hazard kMayFail = Hazard::kMayFailOnExistingData;

// --- statements that cannot share the plan's transaction (not_transactional.cc)
// Adds Hazard::kNotTransactional to every statement of the finished plan that
// PostgreSQL 15 refuses inside a transaction block, and to every
// ALTER TYPE ... ADD VALUE whose new value a later statement of the plan uses
// (a value added in a transaction cannot be used before it commits).
void MarkNotTransactional(std::vector<Statement>& plan);

// --- reading definitions (render_common.cc) ----------------------------------
// The string at def[k], "" when absent or not a string.
std::string Str(const json& j, const char* k);
// def[k] is present and not null.
bool Has(const json& j, const char* k);
// def[k] is true.
bool Bool(const json& j, const char* k);
// def[k] differs between a and b (absent counts as null).
bool Differs(const Object& a, const Object& b, const char* k);
// A foreign table: a table with def.server.
bool IsForeign(const Object& o);
// "FOREIGN TABLE schema.name" for a foreign table, else Designator(o.id).
std::string DesignatorOf(const Object& o);
// The OPTIONS (...) clause (with a leading space; "" when nothing changes)
// that turns the "name=value" list `from` into `to` (render_foreign.cc);
// for CREATE (`from` empty), the items without ADD.
std::string OptionsClause(const json& from, const json& to, bool create);
// The name part of a "name=value" storage option.
std::string OptionName(const std::string& kv);
// A ["schema","name"] pair as a qualified name.
std::string QualifiedPair(const json& pair);

// --- naming objects in SQL (render_common.cc) --------------------------------
std::string Q(const ObjectId& id);        // schema.name
std::string TableOf(const ObjectId& id);  // schema.table of a relation child
// "TABLE public.t", "COLUMN public.t.c", "FUNCTION public.f(integer)", ...
// as used after COMMENT ON.
std::string Designator(const ObjectId& id);
// What follows GRANT ... ON; "" for kinds without privileges.
std::string GrantTarget(const ObjectId& id);
// What follows ALTER for OWNER TO / DROP.
std::string AlterTarget(const ObjectId& id);
// The statement with exactly one trailing ';'.
std::string WithSemicolon(std::string s);
// The create-phase rank of a kind (drops use it in reverse).
int Rank(ObjectKind k);
// Columns, constraints, triggers, policies and rules.
bool IsRelationChild(ObjectKind k);
// ALTER TABLE ... ENABLE/DISABLE TRIGGER|RULE for the enabled code `code`
// (pg_trigger.tgenabled, pg_rewrite.ev_enabled).
std::string SetEnabledSql(const ObjectId& id, const std::string& code);
// The key of a role by name.
std::string RoleKey(const std::string& name);
// The user of a user mapping as SQL names it (PUBLIC or a quoted role).
std::string UserMappingUser(const ObjectId& id);

// True when version `a` sorts before `b` by their dot-separated numbers
// ("1.7" < "1.8" < "1.10"); false when either is not all numbers
// (render_other.cc).
bool VersionBelow(const std::string& a, const std::string& b);

// SELECT setval(<identity sequence of col>, the highest value in the table)
// (the lowest for a descending sequence), when there are rows within the
// sequence's range (render_table.cc).
std::string AdvanceIdentitySql(const Object& table, const Object& col);

// True when `value::to` works for a value of type `from` in any database
// (render_column.cc); false when graft cannot tell.
bool KnownCast(const std::string& from, const std::string& to);

// --- privileges (render_privilege.cc) ----------------------------------------
// The privileges Postgres gives an object of this kind when its ACL is NULL,
// sorted.
std::vector<std::string> DefaultAcl(ObjectKind k, const std::string& owner);
// def.acl as a list ("" entries never appear).
std::vector<std::string> AclOf(const json& def);
// The entries to revoke and to grant to go from one ACL to another, each
// sorted (the inputs' order does not matter).
struct AclDelta {
  std::vector<std::string> revoke, grant;
};
AclDelta DiffAcl(std::vector<std::string> from, std::vector<std::string> to);

// One planned statement and what the ordering needs to know about it.
struct Stmt {
  Statement st;
  bool drop_phase = false;
  bool late = false;  // a drop run after the create phase (types, functions...)
  int rank = 0;
  int seq = 0;
  std::vector<std::string> provides;
  std::vector<std::string> needs;
  std::string drop_key;
};

class Planner {
 public:
  Planner(const Schema& from, const Schema& to, const diff::ChangeSet& cs) : from_(from), to_(to), cs_(cs) {}
  Plan Build();
  // The statements that create `o` (a member of `to`) with its comment,
  // owner and privileges, in emission order. For RenderCreate.
  std::vector<Statement> CreateOnly(const Object& o);

 private:
  // --- statement helpers (planner.cc) ---------------------------------------
  Stmt& Add(bool drop_phase, const Object& o, const std::string& action, const std::string& sql, const Hz& hz);
  Stmt& Create(const Object& o, const std::string& action, const std::string& sql, const Hz& hz = {}) {
    return Add(false, o, action, sql, hz);
  }
  Stmt& Drop(const Object& o, const std::string& action, const std::string& sql, const Hz& hz = {});
  // A follow-up statement on an object (comment, grant, owner, enable...):
  // needs the object, provides nothing others wait on.
  Stmt& After(const Object& o, const std::string& action, const std::string& sql, const Hz& hz = {});

  bool InTo(const std::string& key) const { return to_.Find(key) != nullptr; }
  bool Replaced(const std::string& key) const { return replace_.count(key) > 0; }
  bool Rebuilt(const std::string& key) const { return rebuild_.count(key) > 0; }
  // Key of the relation owning a column/constraint/trigger/policy/rule/index.
  std::string OwnerKey(const Schema& s, const Object& o) const;
  // True when the object's relation is going away (or being recreated) in a
  // way that takes the object with it.
  bool GoesWithOwner(const Object& o) const;
  // True when the owning relation is (re)created by this plan.
  bool OwnerCreated(const Object& o) const;
  // A column of a table typed by the same type in `from` and `to`: it is
  // added, dropped and retyped with the type's attribute (ALTER TYPE ...
  // CASCADE), never by ALTER TABLE.
  bool FollowsType(const Object& col) const;

  // --- decisions (planner.cc; the shape checks in planner_checks.cc) -----------
  void Decide();
  void Cascade();
  void Detaches();
  bool ColumnOrderDiffers(const Object& a, const Object& b) const;
  bool EnumAppendOnly(const Object& a, const Object& b) const;
  bool ViewReplaceable(const Object& a, const Object& b) const;
  bool AttributesAppended(const Object& a, const Object& b) const;
  bool ForeignRecreated(const Object& a, const Object& b) const;
  bool NewEnumValueUsed(const Object& a, const Object& b) const;
  // The serialised definitions of every non-type object of the target,
  // made once (searched for enum literals).
  const std::vector<std::string>& TargetDefTexts() const;
  mutable std::optional<std::vector<std::string>> target_def_texts_;

  // --- dispatch by kind (planner.cc) -------------------------------------------
  void EmitCreate(const Object& o, const std::string& action);
  void EmitDrop(const Object& o, const std::string& action);
  void EmitAlter(const Object& a, const Object& b);

  // --- renderers, one family per file -------------------------------------------
  // render_other.cc: roles, schemas, extensions, collations, statistics.
  void EmitRoles();
  void CreateRole(const Object& o);
  void CreateOther(const Object& o, const std::string& action);
  void DropOther(const Object& o, const std::string& action);
  void AlterOther(const Object& a, const Object& b);
  // render_type.cc: types (enum, composite, range) and domains.
  void CreateType(const Object& o, const std::string& action);
  void DropType(const Object& o, const std::string& action);
  void AlterType(const Object& a, const Object& b);
  void EmitTypeRename(const Object& a, const Object& b);
  // render_sequence.cc
  void CreateSequence(const Object& o, const std::string& action);
  void DropSequence(const Object& o, const std::string& action);
  void AlterSequence(const Object& a, const Object& b);
  void OwnedBy(const Object& seq, const json& owned_by);
  std::string SequenceOptions(const json& d, bool with_type) const;
  // render_table.cc: tables, and rebuilding one with its rows.
  void CreateTable(const Object& o, const std::string& action);
  void DropTable(const Object& o, const std::string& action);
  void AlterTable(const Object& a, const Object& b);
  void EmitTableRebuild(const Object& a, const Object& b);
  std::string CreateTableSql(const Object& t) const;
  // Detaches `partition` from `parent` for good (Detaches()).
  std::string DetachSql(const Object& parent, const Object& partition) const;
  // render_column.cc
  void CreateColumn(const Object& o, const std::string& action);
  void DropColumn(const Object& o, const std::string& action);
  void EmitColumnAlter(const Object& a, const Object& b);
  void EmitColumnExtras(const Object* a, const Object& b, bool created_with_table);
  std::string ColumnSpec(const Object& col) const;
  std::string IdentitySpec(const Object& col) const;
  std::string ConvertWithoutKnownCast(const Object& col, const std::string& from_type, const std::string& convert_sql) const;
  // render_constraint.cc
  void CreateConstraint(const Object& o, const std::string& action);
  void DropConstraint(const Object& o, const std::string& action);
  void AlterConstraint(const Object& a, const Object& b);
  // A foreign key whose referenced table is dropped or recreated.
  bool ReferencesGoingTable(const Object& fk) const;
  // render_index.cc
  void CreateIndex(const Object& o, const std::string& action);
  void DropIndex(const Object& o, const std::string& action);
  // A partition's own index or key that the target has as the clone of a
  // partitioned index or key the plan creates: kept, so that creating the
  // parent's attaches it (Decide()).
  void Adoptions();
  // Gives the clones of a partitioned index or key (b, a its `from` side or
  // null when created) the names the target has (def.partition_names).
  void EmitPartitionNames(const Object* a, const Object& b);
  // render_view.cc: views and materialized views.
  void CreateView(const Object& o, const std::string& action);
  void DropView(const Object& o, const std::string& action);
  void AlterView(const Object& a, const Object& b);
  // render_function.cc: functions, procedures, aggregates.
  void CreateRoutine(const Object& o, const std::string& action);
  void DropRoutine(const Object& o, const std::string& action);
  void AlterRoutine(const Object& a, const Object& b);
  // render_trigger.cc
  void CreateTrigger(const Object& o, const std::string& action);
  void DropTrigger(const Object& o, const std::string& action);
  void AlterTrigger(const Object& a, const Object& b);
  // render_policy.cc: policies and rules.
  void CreatePolicy(const Object& o, const std::string& action);
  void DropPolicy(const Object& o, const std::string& action);
  void AlterPolicy(const Object& a, const Object& b);
  // render_privilege.cc: comments, owners, privileges, default privileges.
  void EmitMeta(const Object* a, const Object& b);
  void EmitAcl(const Object& o, const std::vector<std::string>& from_acl, const std::vector<std::string>& to_acl,
               const std::string& target, const std::string& column = "");
  void CreateDefaultPrivileges(const Object& o);
  void DropDefaultPrivileges(const Object& o);
  void AlterDefaultPrivileges(const Object& a, const Object& b);

  // render_publication.cc: publications.
  void CreatePublication(const Object& o, const std::string& action);
  void DropPublication(const Object& o, const std::string& action);
  void AlterPublication(const Object& a, const Object& b);
  // render_event_trigger.cc: event triggers, and the fence that keeps the
  // source's event triggers from firing on the plan's own statements.
  void CreateEventTrigger(const Object& o, const std::string& action);
  void DropEventTrigger(const Object& o, const std::string& action);
  void AlterEventTrigger(const Object& a, const Object& b);
  void FenceEventTriggers(std::vector<Statement>& ordered);
  // render_foreign.cc: foreign-data wrappers, servers, user mappings, casts.
  void CreateForeign(const Object& o, const std::string& action);
  void DropForeign(const Object& o, const std::string& action);
  void AlterForeign(const Object& a, const Object& b);
  // True when a change of a database-wide kind (publication, event trigger,
  // wrapper, server, cast) cannot be made by ALTER (render_foreign.cc).
  bool RecreatedOnChange(const Object& a, const Object& b) const;

  // --- ordering (order.cc) -----------------------------------------------------
  std::vector<Statement> Order();

  const Schema& from_;
  const Schema& to_;
  const diff::ChangeSet& cs_;
  std::unordered_map<std::string, std::vector<std::string>> rdeps_;  // in from_
  std::set<std::string> replace_;        // dropped and created again
  std::set<std::string> rebuild_;        // tables recreated with their rows copied
  std::set<std::string> retype_;         // columns whose type is converted
  std::set<std::string> reset_default_;  // columns whose default is dropped and set again
  std::set<std::string> type_rename_;    // types replaced by rename + create + convert + drop
  std::map<std::string, std::string> detach_;  // partition -> its parent in from_: detached first
  std::set<std::string> adopt_;                // partitions' own indexes/keys kept as the clones of new ones
  std::vector<Stmt> stmts_;
  std::vector<std::string> notes_;
};

}  // namespace graft::ddl::internal
