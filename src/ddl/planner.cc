// The planner's decisions: what is altered, what is dropped and created
// again, what is rebuilt with its rows, and how those decisions cascade to
// dependents; then dispatch to the renderers (render_*.cc) and assembly of
// the plan. Outline of Build():
//   1. Reverse dependencies of `from` (who depends on what).
//   2. Decide, per changed object, whether it can be altered or must be
//      recreated; recreate dependents transitively (views over a recreated
//      view, triggers over a recreated function, ...). Columns whose type
//      changes recreate the views/policies/triggers/rules that read them.
//   3. Emit statements per object: drops (drop phase), creates and alters
//      (create phase), each declaring which model keys it provides and
//      needs.
//   4. Order (order.cc).
#include <algorithm>

#include "ddl/planner.h"
#include "ddl/routine_body.h"

namespace graft::ddl::internal {

// ----------------------------------------------------------------------------
// Statement helpers

Stmt& Planner::Add(bool drop_phase, const Object& o, const std::string& action, const std::string& sql, const Hz& hz) {
  Stmt s;
  s.st.sql = WithSemicolon(sql);
  s.st.key = o.id.Key();
  s.st.object = o.id.Display();
  s.st.kind = schema::KindName(o.id.kind);
  s.st.action = action;
  s.st.hazards = hz;
  std::sort(s.st.hazards.begin(), s.st.hazards.end(),
            [](Hazard x, Hazard y) { return std::string(HazardName(x)) < HazardName(y); });
  s.st.hazards.erase(std::unique(s.st.hazards.begin(), s.st.hazards.end()), s.st.hazards.end());
  s.drop_phase = drop_phase;
  s.rank = Rank(o.id.kind);
  s.seq = static_cast<int>(stmts_.size());
  if (drop_phase) {
    s.drop_key = o.id.Key();
  } else {
    s.provides.push_back(o.id.Key());
    s.needs = o.deps;
    // A LANGUAGE sql body's names are not in pg_depend (routine_body.h).
    for (auto& k : BodyDependencies(to_, o)) s.needs.push_back(std::move(k));
  }
  stmts_.push_back(std::move(s));
  return stmts_.back();
}

Stmt& Planner::Drop(const Object& o, const std::string& action, const std::string& sql, const Hz& hz) {
  Stmt& s = Add(true, o, action, sql, hz);
  // Pure drops of things others merely use wait until the users changed.
  switch (o.id.kind) {
    case ObjectKind::kSchema:
    case ObjectKind::kExtension:
    case ObjectKind::kCollation:
    case ObjectKind::kType:
    case ObjectKind::kDomain:
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
    case ObjectKind::kAggregate:
    case ObjectKind::kSequence:
      s.late = action == "drop";
      break;
    default:
      break;
  }
  return s;
}

Stmt& Planner::After(const Object& o, const std::string& action, const std::string& sql, const Hz& hz) {
  Stmt& s = Add(false, o, action, sql, hz);
  s.provides = {"meta:" + o.id.Key()};
  s.needs = {o.id.Key()};
  return s;
}

std::string Planner::OwnerKey(const Schema& s, const Object& o) const {
  if (IsRelationChild(o.id.kind)) {
    if (const Object* r = s.FindRelation(o.id.schema, o.id.table)) return r->id.Key();
  } else if (o.id.kind == ObjectKind::kIndex) {
    if (const Object* r = s.FindRelation(o.id.schema, Str(o.def, "table"))) return r->id.Key();
  }
  return "";
}

bool Planner::GoesWithOwner(const Object& o) const {
  std::string owner = OwnerKey(from_, o);
  if (owner.empty()) return false;
  if (!InTo(owner)) return true;
  return Replaced(owner);
}

bool Planner::OwnerCreated(const Object& o) const {
  std::string owner = OwnerKey(to_, o);
  if (owner.empty()) return false;
  return !from_.Find(owner) || Replaced(owner) || Rebuilt(owner);
}

// ----------------------------------------------------------------------------
// Decisions

void Planner::Decide() {
  for (const auto& [key, obj] : from_.objects()) {
    for (const auto& d : obj.deps) rdeps_[d].push_back(key);
  }
  for (const auto& c : cs_.changes) {
    if (c.type != diff::ChangeType::kAlter) continue;
    const Object& a = *c.from;
    const Object& b = *c.to;
    std::string key = c.key();
    switch (a.id.kind) {
      case ObjectKind::kTable:
        if (IsForeign(a) || IsForeign(b)) {
          if (ForeignRecreated(a, b)) replace_.insert(key);
          break;
        }
        if (Differs(a, b, "partition_key") || (!Has(a.def, "partition_of") && Has(b.def, "partition_of"))) {
          rebuild_.insert(key);
        } else if (ColumnOrderDiffers(a, b)) {
          // A partition that becomes a plain table is detached (see
          // Detaches()) and keeps its rows unless its column order changes.
          rebuild_.insert(key);
        } else if (Differs(a, b, "inherits")) {
          // NO INHERIT turns inherited columns into local ones; only a new
          // table gets them inherited again.
          for (const Object* c : to_.ColumnsOf(b)) {
            if (!Bool(c->def, "local")) rebuild_.insert(key);
          }
        }
        break;
      case ObjectKind::kColumn: {
        if (Differs(a, b, "generated") && Has(a.def, "generated") != Has(b.def, "generated")) {
          replace_.insert(key);
        } else if (Differs(a, b, "generated")) {
          replace_.insert(key);
        } else if (Differs(a, b, "type") || Differs(a, b, "collation")) {
          // View columns change with their view.
          if (from_.FindRelation(a.id.schema, a.id.table) &&
              from_.FindRelation(a.id.schema, a.id.table)->id.kind == ObjectKind::kTable) {
            retype_.insert(key);
          }
        }
        break;
      }
      case ObjectKind::kView:
        if (Differs(a, b, "definition") && !ViewReplaceable(a, b)) replace_.insert(key);
        break;
      case ObjectKind::kMaterializedView:
        if (Differs(a, b, "definition") || Differs(a, b, "options") || Differs(a, b, "access_method")) replace_.insert(key);
        break;
      case ObjectKind::kFunction:
      case ObjectKind::kProcedure:
        if (Differs(a, b, "arguments") || Differs(a, b, "result") || Differs(a, b, "language")) replace_.insert(key);
        break;
      case ObjectKind::kAggregate:
        if (!diff::SameExcept(a.def, b.def, {"owner", "acl", "comment"})) replace_.insert(key);
        break;
      case ObjectKind::kType:
        if (Str(a.def, "type") == "enum" && Str(b.def, "type") == "enum") {
          if (!EnumAppendOnly(a, b) || NewEnumValueUsed(a, b)) type_rename_.insert(key);
        } else if (!diff::SameExcept(a.def, b.def, {"owner", "acl", "comment"}) && !AttributesAppended(a, b)) {
          type_rename_.insert(key);
        }
        break;
      case ObjectKind::kDomain:
        if (Differs(a, b, "base_type") || Differs(a, b, "collation")) type_rename_.insert(key);
        break;
      case ObjectKind::kConstraint: {
        if (Differs(a, b, "type")) {
          replace_.insert(key);
        } else if (Differs(a, b, "definition")) {
          std::string da = Str(a.def, "definition"), db = Str(b.def, "definition");
          if (!(da == db + " NOT VALID")) replace_.insert(key);
        }
        break;
      }
      case ObjectKind::kIndex:
      case ObjectKind::kTrigger:
      case ObjectKind::kRule:
      case ObjectKind::kStatistics:
        if (Differs(a, b, "definition") || (a.id.kind == ObjectKind::kIndex && Differs(a, b, "table"))) {
          replace_.insert(key);
        } else if (Bool(a.def, "invalid") && !Bool(b.def, "invalid")) {
          // Left invalid (a failed CREATE INDEX CONCURRENTLY, a partitioned
          // index missing partitions): built again. (graft never makes a
          // valid index invalid.)
          replace_.insert(key);
        }
        break;
      case ObjectKind::kPolicy:
        if (Differs(a, b, "command") || Differs(a, b, "permissive") ||
            (Has(a.def, "using") && !Has(b.def, "using")) ||
            (Has(a.def, "with_check") && !Has(b.def, "with_check"))) {
          replace_.insert(key);
        }
        break;
      case ObjectKind::kExtension:
        // Extensions ship no downgrade scripts: going back to an older
        // version is a drop and a create, when nothing uses the extension.
        if (VersionBelow(Str(b.def, "version"), Str(a.def, "version"))) {
          if (!rdeps_.count(key)) {
            replace_.insert(key);
          } else {
            notes_.push_back("extension " + b.id.name + " goes back from version " + Str(a.def, "version") + " to " +
                             Str(b.def, "version") +
                             ": extensions have no downgrade path and objects use it, so ALTER EXTENSION UPDATE will "
                             "fail; drop what uses it, or keep the newer version");
          }
        }
        break;
      default:
        if (RecreatedOnChange(a, b)) replace_.insert(key);
        break;
    }
  }
  Detaches();
  Adoptions();
  Cascade();
}

// Partitions kept by the target whose parent goes away, or that become plain
// tables, are detached first (drop phase): dropping the parent would take them
// and their rows with it. A new parent attaches them again (AlterTable).
void Planner::Detaches() {
  for (const auto& [key, t] : from_.objects()) {
    if (t.id.kind != ObjectKind::kTable || !Has(t.def, "partition_of")) continue;
    const Object* b = to_.Find(key);
    if (!b) continue;
    const json& pa = t.def["partition_of"];
    std::string parent = ObjectId{ObjectKind::kTable, pa[0].get<std::string>(), "", pa[1].get<std::string>(), ""}.Key();
    if (!Has(b->def, "partition_of") || !InTo(parent)) detach_.emplace(key, parent);
  }
}

void Planner::Cascade() {
  // Worklist of keys whose dependents must follow them.
  std::vector<std::string> work(replace_.begin(), replace_.end());
  // Objects that stay but depended on something that goes away must be
  // recreated (a view over a table that becomes a view of the same name).
  for (const auto& c : cs_.changes) {
    if (c.type == diff::ChangeType::kDrop) work.push_back(c.key());
  }
  for (const auto& k : rebuild_) work.push_back(k);
  for (const auto& k : type_rename_) work.push_back(k);
  for (const auto& k : retype_) work.push_back(k);
  std::set<std::string> done;
  while (!work.empty()) {
    std::string k = work.back();
    work.pop_back();
    if (!done.insert(k).second) continue;
    const Object* src = from_.Find(k);
    if (!src) continue;
    bool is_retype_only = retype_.count(k) && !replace_.count(k);
    // A recreated relation's columns carry its dependents too.
    if (rebuild_.count(k) || ((replace_.count(k) || !to_.Find(k)) &&
                              (src->id.kind == ObjectKind::kView || src->id.kind == ObjectKind::kMaterializedView ||
                               src->id.kind == ObjectKind::kTable))) {
      for (const Object* c : from_.ColumnsOf(*src)) work.push_back(c->id.Key());
    }
    auto it = rdeps_.find(k);
    if (it == rdeps_.end()) continue;
    for (const auto& d : it->second) {
      const Object* dep = from_.Find(d);
      const Object* dst = to_.Find(d);
      if (!dep || !dst) continue;  // dropped anyway
      ObjectKind dk = dep->id.kind;
      if (is_retype_only) {
        if (dk == ObjectKind::kView || dk == ObjectKind::kMaterializedView || dk == ObjectKind::kPolicy ||
            dk == ObjectKind::kTrigger || dk == ObjectKind::kRule) {
          if (replace_.insert(d).second) work.push_back(d);
        } else if (dk == ObjectKind::kConstraint && Str(dep->def, "type") == "f" && to_.Find(k) &&
                   !KnownCast(Str(src->def, "type"), Str(to_.Find(k)->def, "type"))) {
          // Postgres re-checks the key after each side's conversion, when
          // the other side still has the old type: drop it and add it again.
          if (replace_.insert(d).second) work.push_back(d);
        }
        continue;
      }
      switch (dk) {
        case ObjectKind::kColumn: {
          std::string owner = OwnerKey(from_, *dep);
          if (owner == k || rebuild_.count(owner)) break;  // part of the rebuilt table
          if (src->id.kind == ObjectKind::kType || src->id.kind == ObjectKind::kDomain) {
            if (retype_.insert(d).second) work.push_back(d);
          } else if (src->id.kind == ObjectKind::kColumn && OwnerKey(from_, *src) == owner) {
            // generated column over a recreated column of the same table
            if (replace_.insert(d).second) work.push_back(d);
          } else if (Has(dep->def, "default") || Has(dst->def, "default")) {
            reset_default_.insert(d);
          }
          break;
        }
        case ObjectKind::kTable: {
          auto det = detach_.find(d);
          if (det != detach_.end() && det->second == k) break;  // detached before its parent goes
          if (src->id.kind == ObjectKind::kTable && rebuild_.insert(d).second) work.push_back(d);
          break;
        }
        case ObjectKind::kSequence:
        case ObjectKind::kSchema:
        case ObjectKind::kExtension:
        case ObjectKind::kRole:
          break;
        case ObjectKind::kType:
        case ObjectKind::kDomain:
          if (type_rename_.insert(d).second) work.push_back(d);
          break;
        default:
          if (replace_.insert(d).second) work.push_back(d);
          break;
      }
    }
  }
}

// ----------------------------------------------------------------------------
// Dispatch to the renderers

void Planner::EmitCreate(const Object& o, const std::string& action) {
  switch (o.id.kind) {
    case ObjectKind::kRole:
      return;  // EmitRoles
    case ObjectKind::kDefaultPrivileges:
      CreateDefaultPrivileges(o);
      return;
    case ObjectKind::kColumn:
      CreateColumn(o, action);
      return;
    case ObjectKind::kSchema:
    case ObjectKind::kExtension:
    case ObjectKind::kCollation:
    case ObjectKind::kStatistics:
      CreateOther(o, action);
      break;
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      CreateType(o, action);
      break;
    case ObjectKind::kSequence:
      CreateSequence(o, action);
      break;
    case ObjectKind::kTable:
      CreateTable(o, action);
      break;
    case ObjectKind::kConstraint:
      CreateConstraint(o, action);
      break;
    case ObjectKind::kIndex:
      CreateIndex(o, action);
      break;
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      CreateView(o, action);
      break;
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
    case ObjectKind::kAggregate:
      CreateRoutine(o, action);
      break;
    case ObjectKind::kTrigger:
      CreateTrigger(o, action);
      break;
    case ObjectKind::kPolicy:
    case ObjectKind::kRule:
      CreatePolicy(o, action);
      break;
    case ObjectKind::kPublication:
      CreatePublication(o, action);
      break;
    case ObjectKind::kEventTrigger:
      CreateEventTrigger(o, action);
      break;
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
    case ObjectKind::kUserMapping:
    case ObjectKind::kCast:
      CreateForeign(o, action);
      break;
  }
  if (o.id.kind == ObjectKind::kIndex || o.id.kind == ObjectKind::kConstraint) EmitPartitionNames(nullptr, o);
  EmitMeta(nullptr, o);
}

void Planner::EmitDrop(const Object& o, const std::string& action) {
  switch (o.id.kind) {
    case ObjectKind::kRole:
      return;  // roles are never dropped
    case ObjectKind::kDefaultPrivileges:
      return DropDefaultPrivileges(o);
    case ObjectKind::kColumn:
      return DropColumn(o, action);
    case ObjectKind::kSchema:
    case ObjectKind::kExtension:
    case ObjectKind::kCollation:
    case ObjectKind::kStatistics:
      return DropOther(o, action);
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      return DropType(o, action);
    case ObjectKind::kSequence:
      return DropSequence(o, action);
    case ObjectKind::kTable:
      return DropTable(o, action);
    case ObjectKind::kConstraint:
      return DropConstraint(o, action);
    case ObjectKind::kIndex:
      return DropIndex(o, action);
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      return DropView(o, action);
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
    case ObjectKind::kAggregate:
      return DropRoutine(o, action);
    case ObjectKind::kTrigger:
      return DropTrigger(o, action);
    case ObjectKind::kPolicy:
    case ObjectKind::kRule:
      return DropPolicy(o, action);
    case ObjectKind::kPublication:
      return DropPublication(o, action);
    case ObjectKind::kEventTrigger:
      return DropEventTrigger(o, action);
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
    case ObjectKind::kUserMapping:
    case ObjectKind::kCast:
      return DropForeign(o, action);
  }
}

void Planner::EmitAlter(const Object& a, const Object& b) {
  switch (b.id.kind) {
    case ObjectKind::kDefaultPrivileges:
      AlterDefaultPrivileges(a, b);
      return;
    case ObjectKind::kExtension:
    case ObjectKind::kStatistics:
      AlterOther(a, b);
      break;
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      AlterType(a, b);
      break;
    case ObjectKind::kSequence:
      AlterSequence(a, b);
      break;
    case ObjectKind::kTable:
      AlterTable(a, b);
      break;
    case ObjectKind::kConstraint:
      AlterConstraint(a, b);
      break;
    case ObjectKind::kView:
      AlterView(a, b);
      break;
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
      AlterRoutine(a, b);
      break;
    case ObjectKind::kTrigger:
      AlterTrigger(a, b);
      break;
    case ObjectKind::kPolicy:
    case ObjectKind::kRule:
      AlterPolicy(a, b);
      break;
    case ObjectKind::kPublication:
      AlterPublication(a, b);
      break;
    case ObjectKind::kEventTrigger:
      AlterEventTrigger(a, b);
      break;
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
    case ObjectKind::kUserMapping:
      AlterForeign(a, b);
      break;
    default:
      break;  // only comment, owner and privileges can change in place
  }
  if (b.id.kind == ObjectKind::kIndex || b.id.kind == ObjectKind::kConstraint) EmitPartitionNames(&a, b);
  EmitMeta(&a, b);
}

// ----------------------------------------------------------------------------
// The plan

Plan Planner::Build() {
  Decide();
  EmitRoles();
  for (const auto& [key, parent] : detach_) {
    const Object* b = to_.Find(key);
    const Object* p = from_.Find(parent);
    if (!b || !p) continue;
    Stmt& s = Drop(*b, "alter", DetachSql(*p, *b));
    s.drop_key = "partition:" + key;
    s.rank = 100;  // before the parent and anything else goes
  }
  std::set<std::string> columns_done;
  for (const auto& c : cs_.changes) {
    std::string key = c.key();
    if (c.type == diff::ChangeType::kAdd) {
      EmitCreate(*c.to, "create");
    } else if (c.type == diff::ChangeType::kDrop) {
      if (adopt_.count(key)) continue;  // becomes a clone (Adoptions)
      EmitDrop(*c.from, "drop");
    } else {
      if (replace_.count(key) || rebuild_.count(key) || type_rename_.count(key)) continue;
      if (c.id.kind == ObjectKind::kColumn) {
        const Object* rel_to = to_.FindRelation(c.id.schema, c.id.table);
        if (rel_to && (replace_.count(rel_to->id.Key()) || rebuild_.count(rel_to->id.Key()))) continue;
        EmitColumnAlter(*c.from, *c.to);
        columns_done.insert(key);
      } else {
        EmitAlter(*c.from, *c.to);
      }
    }
  }
  for (const auto& key : replace_) {
    const Object* a = from_.Find(key);
    const Object* b = to_.Find(key);
    if (!a || !b) continue;
    EmitDrop(*a, "recreate");
    EmitCreate(*b, "recreate");
    if (b->id.kind == ObjectKind::kView || b->id.kind == ObjectKind::kMaterializedView || b->id.kind == ObjectKind::kTable) {
      for (const Object* col : to_.ColumnsOf(*b)) EmitColumnExtras(nullptr, *col, true);
    }
  }
  for (const auto& key : rebuild_) {
    const Object* a = from_.Find(key);
    const Object* b = to_.Find(key);
    if (!a || !b) continue;
    EmitTableRebuild(*a, *b);
    for (const Object* col : to_.ColumnsOf(*b)) EmitColumnExtras(nullptr, *col, true);
  }
  for (const auto& key : type_rename_) {
    const Object* a = from_.Find(key);
    const Object* b = to_.Find(key);
    if (!a || !b) continue;
    EmitTypeRename(*a, *b);
  }
  std::set<std::string> extra_cols(retype_.begin(), retype_.end());
  extra_cols.insert(reset_default_.begin(), reset_default_.end());
  for (const auto& key : extra_cols) {
    if (columns_done.count(key) || replace_.count(key)) continue;
    const Object* a = from_.Find(key);
    const Object* b = to_.Find(key);
    if (!a || !b) continue;
    const Object* rel_to = to_.FindRelation(b->id.schema, b->id.table);
    if (rel_to && (replace_.count(rel_to->id.Key()) || rebuild_.count(rel_to->id.Key()))) continue;
    EmitColumnAlter(*a, *b);
  }
  Plan plan;
  bool functions = false;
  for (const auto& s : stmts_) {
    if (!s.drop_phase && (s.st.kind == "function" || s.st.kind == "procedure") && s.st.sql.rfind("CREATE", 0) == 0) functions = true;
  }
  if (functions) {
    // Like pg_dump: bodies are not dependency-tracked (SQL-standard bodies
    // are, and are ordered by their deps). Session-level, not SET LOCAL, so
    // that it holds when the plan runs as printed (psql -f, no transaction)
    // as well as in one transaction.
    Statement set;
    set.sql = "SET check_function_bodies = false;";
    set.object = "check_function_bodies";
    set.kind = "setting";
    set.action = "set";
    plan.statements.push_back(set);
  }
  std::vector<Statement> ordered = Order();
  FenceEventTriggers(ordered);
  for (auto& s : ordered) plan.statements.push_back(std::move(s));
  MarkNotTransactional(plan.statements);
  std::set<std::string> unsupported(from_.unsupported.begin(), from_.unsupported.end());
  unsupported.insert(to_.unsupported.begin(), to_.unsupported.end());
  for (const auto& u : unsupported) plan.notes.push_back("unsupported: " + u);
  for (auto& n : notes_) plan.notes.push_back(std::move(n));
  return plan;
}


std::vector<Statement> Planner::CreateOnly(const Object& o) {
  if (o.id.kind == ObjectKind::kRole) {
    CreateRole(o);
  } else {
    EmitCreate(o, "create");
  }
  std::vector<Statement> out;
  for (auto& s : stmts_) out.push_back(std::move(s.st));
  return out;
}

}  // namespace graft::ddl::internal
