// Plan construction. Outline:
//   1. Reverse dependencies of `from` (who depends on what).
//   2. Decide, per changed object, whether it can be altered or must be
//      recreated; recreate dependents transitively (views over a recreated
//      view, triggers over a recreated function, ...). Columns whose type
//      changes recreate the views/policies/triggers/rules that read them.
//   3. Emit statements per object: drops (drop phase), creates and alters
//      (create phase), each declaring which model keys it provides and
//      needs.
//   4. Order: drop phase first (a drop waits for the drops of everything that
//      depends on the object in `from`), then the create phase (a statement
//      waits for the statements providing what it needs in `to`); ties keep
//      a fixed kind rank, then emission order.
#include "ddl/plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "schema/acl.h"
#include "schema/sql.h"

namespace graft::ddl {

using nlohmann::json;
using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::QualifiedName;
using schema::QuoteIdent;
using schema::QuoteLiteral;
using schema::Schema;

const char* HazardName(Hazard h) {
  switch (h) {
    case Hazard::kDeletesData: return "deletes_data";
    case Hazard::kRewritesTable: return "rewrites_table";
    case Hazard::kAccessExclusiveLock: return "access_exclusive_lock";
    case Hazard::kIndexBuild: return "index_build";
    case Hazard::kNotTransactional: return "not_transactional";
    case Hazard::kMayFailOnExistingData: return "may_fail_on_existing_data";
  }
  return "unknown";
}

namespace {

using Hz = std::vector<Hazard>;
const Hazard kLock = Hazard::kAccessExclusiveLock;
const Hazard kData = Hazard::kDeletesData;
const Hazard kRewrite = Hazard::kRewritesTable;
const Hazard kIndex = Hazard::kIndexBuild;
const Hazard kMayFail = Hazard::kMayFailOnExistingData;

std::string Str(const json& j, const char* k) {
  return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}
bool Has(const json& j, const char* k) { return j.contains(k) && !j[k].is_null(); }
bool Bool(const json& j, const char* k) { return j.contains(k) && j[k].is_boolean() && j[k].get<bool>(); }
bool Differs(const Object& a, const Object& b, const char* k) {
  json x = a.def.contains(k) ? a.def[k] : json(nullptr);
  json y = b.def.contains(k) ? b.def[k] : json(nullptr);
  return x != y;
}

std::string Q(const ObjectId& id) { return QualifiedName(id.schema, id.name); }
std::string TableOf(const ObjectId& id) { return QualifiedName(id.schema, id.table); }

// The "TO roles USING (...) WITH CHECK (...)" tail of CREATE/ALTER POLICY;
// adds the keys of the roles it names to `needs`.
std::string PolicyTail(const json& d, std::vector<std::string>* needs) {
  std::string sql = " TO ";
  bool first = true;
  for (const auto& r : d["roles"]) {
    std::string n = r.get<std::string>();
    sql += (first ? "" : ", ") + (n == "public" ? std::string("PUBLIC") : QuoteIdent(n));
    first = false;
    if (n != "public") needs->push_back(ObjectId{ObjectKind::kRole, "", "", n, ""}.Key());
  }
  if (Has(d, "using")) sql += " USING (" + Str(d, "using") + ")";
  if (Has(d, "with_check")) sql += " WITH CHECK (" + Str(d, "with_check") + ")";
  return sql;
}

// ALTER TABLE ... ENABLE/DISABLE TRIGGER|RULE for a trigger or rule whose
// enabled code (pg_trigger.tgenabled, pg_rewrite.ev_enabled) is `code`.
std::string SetEnabledSql(const ObjectId& id, const std::string& code) {
  std::string what = code == "D" ? "DISABLE" : code == "R" ? "ENABLE REPLICA" : code == "A" ? "ENABLE ALWAYS" : "ENABLE";
  return "ALTER TABLE " + TableOf(id) + " " + what + (id.kind == ObjectKind::kRule ? " RULE " : " TRIGGER ") +
         QuoteIdent(id.name);
}

std::string WithSemicolon(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.empty() || s.back() != ';') s += ";";
  return s;
}

int Rank(ObjectKind k) {
  switch (k) {
    case ObjectKind::kRole: return 0;
    case ObjectKind::kSchema: return 1;
    case ObjectKind::kExtension: return 2;
    case ObjectKind::kCollation: return 3;
    case ObjectKind::kType: return 4;
    case ObjectKind::kDomain: return 5;
    case ObjectKind::kFunction: return 6;
    case ObjectKind::kProcedure: return 7;
    case ObjectKind::kAggregate: return 8;
    case ObjectKind::kSequence: return 9;
    case ObjectKind::kTable: return 10;
    case ObjectKind::kColumn: return 11;
    case ObjectKind::kConstraint: return 12;
    case ObjectKind::kIndex: return 13;
    case ObjectKind::kView: return 14;
    case ObjectKind::kMaterializedView: return 15;
    case ObjectKind::kTrigger: return 16;
    case ObjectKind::kPolicy: return 17;
    case ObjectKind::kRule: return 18;
    case ObjectKind::kStatistics: return 19;
    case ObjectKind::kDefaultPrivileges: return 20;
  }
  return 21;
}

// The "ON ..." / "COMMENT ON ..." designation of an object.
std::string Designator(const ObjectId& id) {
  switch (id.kind) {
    case ObjectKind::kSchema: return "SCHEMA " + QuoteIdent(id.name);
    case ObjectKind::kExtension: return "EXTENSION " + QuoteIdent(id.name);
    case ObjectKind::kTable: return "TABLE " + Q(id);
    case ObjectKind::kView: return "VIEW " + Q(id);
    case ObjectKind::kMaterializedView: return "MATERIALIZED VIEW " + Q(id);
    case ObjectKind::kSequence: return "SEQUENCE " + Q(id);
    case ObjectKind::kColumn: return "COLUMN " + TableOf(id) + "." + QuoteIdent(id.name);
    case ObjectKind::kConstraint: return "CONSTRAINT " + QuoteIdent(id.name) + " ON " + TableOf(id);
    case ObjectKind::kIndex: return "INDEX " + Q(id);
    case ObjectKind::kFunction: return "FUNCTION " + Q(id) + "(" + id.args + ")";
    case ObjectKind::kProcedure: return "PROCEDURE " + Q(id) + "(" + id.args + ")";
    case ObjectKind::kAggregate: return "AGGREGATE " + Q(id) + "(" + (id.args.empty() ? "*" : id.args) + ")";
    case ObjectKind::kTrigger: return "TRIGGER " + QuoteIdent(id.name) + " ON " + TableOf(id);
    case ObjectKind::kPolicy: return "POLICY " + QuoteIdent(id.name) + " ON " + TableOf(id);
    case ObjectKind::kRule: return "RULE " + QuoteIdent(id.name) + " ON " + TableOf(id);
    case ObjectKind::kType: return "TYPE " + Q(id);
    case ObjectKind::kDomain: return "DOMAIN " + Q(id);
    case ObjectKind::kStatistics: return "STATISTICS " + Q(id);
    case ObjectKind::kCollation: return "COLLATION " + Q(id);
    case ObjectKind::kRole: return "ROLE " + QuoteIdent(id.name);
    case ObjectKind::kDefaultPrivileges: return "DEFAULT PRIVILEGES";
  }
  return "";
}

// GRANT ... ON <this>
std::string GrantTarget(const ObjectId& id) {
  switch (id.kind) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView: return "TABLE " + Q(id);
    case ObjectKind::kSequence: return "SEQUENCE " + Q(id);
    case ObjectKind::kFunction:
    case ObjectKind::kAggregate: return "FUNCTION " + Q(id) + "(" + id.args + ")";
    case ObjectKind::kProcedure: return "PROCEDURE " + Q(id) + "(" + id.args + ")";
    case ObjectKind::kType: return "TYPE " + Q(id);
    case ObjectKind::kDomain: return "DOMAIN " + Q(id);
    case ObjectKind::kSchema: return "SCHEMA " + QuoteIdent(id.name);
    default: return "";
  }
}

// ALTER <this> OWNER TO / RENAME / SET ...
std::string AlterTarget(const ObjectId& id) {
  switch (id.kind) {
    case ObjectKind::kAggregate: return "AGGREGATE " + Q(id) + "(" + (id.args.empty() ? "*" : id.args) + ")";
    default: return Designator(id);
  }
}

// The privileges Postgres gives an object of this kind when its ACL is NULL.
std::vector<std::string> DefaultAcl(ObjectKind k, const std::string& owner) {
  auto e = [&](const std::string& who, const char* p) { return schema::AclEntry{who, p, false}.ToString(); };
  std::vector<std::string> out;
  switch (k) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      for (const char* p : {"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}) out.push_back(e(owner, p));
      break;
    case ObjectKind::kSequence:
      for (const char* p : {"USAGE", "SELECT", "UPDATE"}) out.push_back(e(owner, p));
      break;
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
    case ObjectKind::kAggregate:
      out = {e(owner, "EXECUTE"), e("PUBLIC", "EXECUTE")};
      break;
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      out = {e(owner, "USAGE"), e("PUBLIC", "USAGE")};
      break;
    case ObjectKind::kSchema:
      out = {e(owner, "USAGE"), e(owner, "CREATE")};
      break;
    default:
      break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> AclOf(const json& def) {
  std::vector<std::string> out;
  if (def.contains("acl") && def["acl"].is_array()) {
    for (const auto& a : def["acl"]) out.push_back(a.get<std::string>());
  }
  return out;
}

std::string Grantee(const std::string& g) { return g == "PUBLIC" ? "PUBLIC" : QuoteIdent(g); }

bool IsRelationChild(ObjectKind k) {
  return k == ObjectKind::kColumn || k == ObjectKind::kConstraint || k == ObjectKind::kTrigger ||
         k == ObjectKind::kPolicy || k == ObjectKind::kRule;
}

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

 private:
  // --- statement helpers ---------------------------------------------------
  Stmt& Add(bool drop_phase, const Object& o, const std::string& action, const std::string& sql, const Hz& hz) {
    Stmt s;
    s.st.sql = WithSemicolon(sql);
    s.st.object = o.id.Display();
    s.st.kind = schema::KindName(o.id.kind);
    s.st.action = action;
    std::set<std::string> names;
    for (Hazard h : hz) names.insert(HazardName(h));
    s.st.hazards.assign(names.begin(), names.end());
    s.drop_phase = drop_phase;
    s.rank = Rank(o.id.kind);
    s.seq = static_cast<int>(stmts_.size());
    if (drop_phase) {
      s.drop_key = o.id.Key();
    } else {
      s.provides.push_back(o.id.Key());
      s.needs = o.deps;
    }
    stmts_.push_back(std::move(s));
    return stmts_.back();
  }
  Stmt& Create(const Object& o, const std::string& action, const std::string& sql, const Hz& hz = {}) {
    return Add(false, o, action, sql, hz);
  }
  Stmt& Drop(const Object& o, const std::string& action, const std::string& sql, const Hz& hz = {}) {
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
  // A follow-up statement on an object (comment, grant, owner, enable...):
  // needs the object, provides nothing others wait on.
  Stmt& After(const Object& o, const std::string& action, const std::string& sql, const Hz& hz = {}) {
    Stmt& s = Add(false, o, action, sql, hz);
    s.provides = {"meta:" + o.id.Key()};
    s.needs = {o.id.Key()};
    return s;
  }

  bool InTo(const std::string& key) const { return to_.Find(key) != nullptr; }
  bool Replaced(const std::string& key) const { return replace_.count(key) > 0; }
  bool Rebuilt(const std::string& key) const { return rebuild_.count(key) > 0; }
  // Key of the relation owning a column/constraint/trigger/policy/rule/index.
  std::string OwnerKey(const Schema& s, const Object& o) const {
    if (IsRelationChild(o.id.kind)) {
      if (const Object* r = s.FindRelation(o.id.schema, o.id.table)) return r->id.Key();
    } else if (o.id.kind == ObjectKind::kIndex) {
      if (const Object* r = s.FindRelation(o.id.schema, Str(o.def, "table"))) return r->id.Key();
    }
    return "";
  }
  // True when the object's relation is going away (or being recreated) in a
  // way that takes the object with it.
  bool GoesWithOwner(const Object& o) const {
    std::string owner = OwnerKey(from_, o);
    if (owner.empty()) return false;
    if (!InTo(owner)) return true;
    return Replaced(owner);
  }
  // True when the owning relation is (re)created by this plan.
  bool OwnerCreated(const Object& o) const {
    std::string owner = OwnerKey(to_, o);
    if (owner.empty()) return false;
    return !from_.Find(owner) || Replaced(owner) || Rebuilt(owner);
  }

  // --- decisions ------------------------------------------------------------
  void Decide();
  void Cascade();
  bool ColumnOrderDiffers(const Object& a, const Object& b) const;
  bool EnumAppendOnly(const Object& a, const Object& b) const;
  bool ViewReplaceable(const Object& a, const Object& b) const;
  bool AttributesAppended(const Object& a, const Object& b) const;
  bool NewEnumValueUsed(const Object& a, const Object& b) const;
  // The serialised definitions of every non-type object of the target,
  // made once (searched for enum literals).
  const std::vector<std::string>& TargetDefTexts() const;
  mutable std::optional<std::vector<std::string>> target_def_texts_;

  // --- emission -------------------------------------------------------------
  void EmitRoles();
  void EmitCreate(const Object& o, const std::string& action);
  void EmitDrop(const Object& o, const std::string& action);
  void EmitAlter(const Object& a, const Object& b);
  void EmitMeta(const Object* a, const Object& b);
  void EmitAcl(const Object& o, std::vector<std::string> from_acl, const std::vector<std::string>& to_acl,
               const std::string& target, const std::string& column = "");
  void EmitColumnExtras(const Object* a, const Object& b, bool created_with_table);
  void EmitTableRebuild(const Object& a, const Object& b);
  void EmitTypeRename(const Object& a, const Object& b);
  void EmitColumnAlter(const Object& a, const Object& b);

  std::string ColumnSpec(const Object& col, bool for_add) const;
  std::string IdentitySpec(const Object& col) const;
  std::string CreateTableSql(const Object& t) const;
  std::string SequenceOptions(const json& d, bool with_type) const;

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
  std::vector<Stmt> stmts_;
  std::vector<std::string> notes_;
};

// ----------------------------------------------------------------------------
// Decisions

bool Planner::ColumnOrderDiffers(const Object& a, const Object& b) const {
  // Only local columns are declared by the table itself; inherited ones follow
  // the parent. Partitions take the parent's order.
  if (Has(b.def, "partition_of")) return false;
  std::vector<std::string> ca, cb;
  for (const auto& c : a.def["columns"]) ca.push_back(c.get<std::string>());
  for (const auto& c : b.def["columns"]) cb.push_back(c.get<std::string>());
  std::set<std::string> sa(ca.begin(), ca.end()), sb(cb.begin(), cb.end());
  std::vector<std::string> common_a, common_b;
  for (const auto& c : ca) {
    if (sb.count(c)) common_a.push_back(c);
  }
  bool seen_new = false;
  for (const auto& c : cb) {
    if (sa.count(c)) {
      common_b.push_back(c);
      if (seen_new) return true;  // a new column before an existing one
    } else {
      seen_new = true;
    }
  }
  return common_a != common_b;
}

// A value added with ALTER TYPE ... ADD VALUE cannot be used before the
// transaction commits; when the target uses one (a default, a check...), the
// type is recreated instead so the whole plan stays one transaction.
bool Planner::NewEnumValueUsed(const Object& a, const Object& b) const {
  std::set<std::string> old;
  for (const auto& l : a.def["labels"]) old.insert(l.get<std::string>());
  std::vector<std::string> needles;
  for (const auto& l : b.def["labels"]) {
    if (!old.count(l.get<std::string>())) needles.push_back(QuoteLiteral(l.get<std::string>()) + "::" + Q(b.id));
  }
  if (needles.empty()) return false;
  for (auto& n : needles) {
    n = nlohmann::json(n).dump();
    n = n.substr(1, n.size() - 2);  // as it appears inside a JSON string
  }
  for (const auto& text : TargetDefTexts()) {
    for (const auto& n : needles) {
      if (text.find(n) != std::string::npos) return true;
    }
  }
  return false;
}

const std::vector<std::string>& Planner::TargetDefTexts() const {
  if (!target_def_texts_) {
    target_def_texts_.emplace();
    for (const auto& [key, o] : to_.objects()) {
      if (o.id.kind != ObjectKind::kType) target_def_texts_->push_back(o.def.dump());
    }
  }
  return *target_def_texts_;
}

// CREATE OR REPLACE VIEW works when the old columns keep their names and
// types and new ones only come after them.
bool Planner::ViewReplaceable(const Object& a, const Object& b) const {
  if (Differs(a, b, "options")) return false;
  auto ca = from_.ColumnsOf(a);
  auto cb = to_.ColumnsOf(b);
  if (cb.size() < ca.size() || ca.empty()) return false;
  for (size_t i = 0; i < ca.size(); ++i) {
    if (ca[i]->id.name != cb[i]->id.name || Str(ca[i]->def, "type") != Str(cb[i]->def, "type")) return false;
  }
  return true;
}

// A composite type whose attributes were only appended: ALTER TYPE ADD ATTRIBUTE.
bool Planner::AttributesAppended(const Object& a, const Object& b) const {
  if (Str(a.def, "type") != "composite" || Str(b.def, "type") != "composite") return false;
  if (!diff::SameExcept(a.def, b.def, {"owner", "acl", "comment", "attributes"})) return false;
  // Attributes kept keep their relative order and new ones come last:
  // ALTER TYPE ... DROP / ALTER / ADD ATTRIBUTE reaches the target.
  std::vector<std::string> na, nb;
  for (const auto& x : a.def["attributes"]) na.push_back(Str(x, "name"));
  for (const auto& x : b.def["attributes"]) nb.push_back(Str(x, "name"));
  std::set<std::string> sa(na.begin(), na.end());
  std::set<std::string> sb(nb.begin(), nb.end());
  std::vector<std::string> ca, cb;
  for (const auto& n : na) {
    if (sb.count(n)) ca.push_back(n);
  }
  bool seen_new = false;
  for (const auto& n : nb) {
    if (sa.count(n)) {
      if (seen_new) return false;
      cb.push_back(n);
    } else {
      seen_new = true;
    }
  }
  return ca == cb;
}

bool Planner::EnumAppendOnly(const Object& a, const Object& b) const {
  const auto& la = a.def["labels"];
  const auto& lb = b.def["labels"];
  size_t j = 0;
  for (const auto& l : lb) {
    if (j < la.size() && la[j] == l) ++j;
  }
  return j == la.size();
}

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
        if (Differs(a, b, "partition_key") || Has(a.def, "partition_of") != Has(b.def, "partition_of")) {
          rebuild_.insert(key);
        } else if (ColumnOrderDiffers(a, b)) {
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
        }
        break;
      case ObjectKind::kPolicy:
        if (Differs(a, b, "command") || Differs(a, b, "permissive") ||
            (Has(a.def, "using") && !Has(b.def, "using")) ||
            (Has(a.def, "with_check") && !Has(b.def, "with_check"))) {
          replace_.insert(key);
        }
        break;
      default:
        break;
    }
  }
  Cascade();
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
        case ObjectKind::kTable:
          if (src->id.kind == ObjectKind::kTable && rebuild_.insert(d).second) work.push_back(d);
          break;
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
// SQL fragments

std::string Planner::SequenceOptions(const json& d, bool with_type) const {
  std::string s;
  if (with_type && Str(d, "type") != "bigint") s += " AS " + Str(d, "type");
  s += " START WITH " + Str(d, "start");
  s += " INCREMENT BY " + Str(d, "increment");
  s += " MINVALUE " + Str(d, "min");
  s += " MAXVALUE " + Str(d, "max");
  s += " CACHE " + Str(d, "cache");
  s += Bool(d, "cycle") ? " CYCLE" : " NO CYCLE";
  return s;
}

std::string Planner::IdentitySpec(const Object& col) const {
  std::string id = Str(col.def, "identity");
  std::string s = id == "a" ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY";
  if (Has(col.def, "identity_sequence")) {
    const json& q = col.def["identity_sequence"];
    s += " (SEQUENCE NAME " + QualifiedName(col.id.schema, Str(q, "name")) + SequenceOptions(q, false) + ")";
  }
  return s;
}

std::string Planner::ColumnSpec(const Object& col, bool for_add) const {
  (void)for_add;
  std::string s = QuoteIdent(col.id.name) + " " + Str(col.def, "type");
  if (Has(col.def, "collation")) s += " COLLATE " + Str(col.def, "collation");
  if (Has(col.def, "generated")) s += " GENERATED ALWAYS AS (" + Str(col.def, "generated") + ") STORED";
  if (Has(col.def, "default")) s += " DEFAULT " + Str(col.def, "default");
  if (Bool(col.def, "not_null")) s += " NOT NULL";
  if (!Str(col.def, "identity").empty()) s += IdentitySpec(col);
  return s;
}

std::string Planner::CreateTableSql(const Object& t) const {
  const json& d = t.def;
  std::string sql = "CREATE ";
  if (Str(d, "persistence") == "u") sql += "UNLOGGED ";
  sql += "TABLE " + Q(t.id);
  auto cols = to_.ColumnsOf(t);
  if (Has(d, "partition_of")) {
    const json& p = d["partition_of"];
    sql += " PARTITION OF " + QualifiedName(p[0].get<std::string>(), p[1].get<std::string>());
    std::vector<std::string> extra;
    for (const Object* c : cols) {
      if (Bool(c->def, "local")) {
        // A partition column re-declared locally: only defaults / NOT NULL.
        std::string e = QuoteIdent(c->id.name) + " WITH OPTIONS";
        bool any = false;
        if (Has(c->def, "default")) {
          e += " DEFAULT " + Str(c->def, "default");
          any = true;
        }
        if (Bool(c->def, "not_null")) {
          e += " NOT NULL";
          any = true;
        }
        if (any) extra.push_back(e);
      }
    }
    if (!extra.empty()) {
      sql += " (\n";
      for (size_t i = 0; i < extra.size(); ++i) sql += "    " + extra[i] + (i + 1 < extra.size() ? ",\n" : "\n");
      sql += ")";
    }
    std::string bound = Str(d, "partition_bound");
    sql += " " + bound;
  } else {
    std::vector<std::string> specs;
    for (const Object* c : cols) {
      if (!Bool(c->def, "local")) continue;  // inherited from a parent
      specs.push_back(ColumnSpec(*c, false));
    }
    sql += " (";
    if (!specs.empty()) {
      sql += "\n";
      for (size_t i = 0; i < specs.size(); ++i) sql += "    " + specs[i] + (i + 1 < specs.size() ? ",\n" : "\n");
    }
    sql += ")";
    if (d.contains("inherits") && !d["inherits"].empty()) {
      sql += " INHERITS (";
      bool first = true;
      for (const auto& p : d["inherits"]) {
        if (!first) sql += ", ";
        first = false;
        sql += QualifiedName(p[0].get<std::string>(), p[1].get<std::string>());
      }
      sql += ")";
    }
  }
  if (Has(d, "partition_key")) sql += " PARTITION BY " + Str(d, "partition_key");
  if (d.contains("options") && !d["options"].empty()) {
    sql += " WITH (";
    bool first = true;
    for (const auto& o : d["options"]) {
      if (!first) sql += ", ";
      first = false;
      sql += o.get<std::string>();
    }
    sql += ")";
  }
  return sql;
}

// ----------------------------------------------------------------------------
// Emission

void Planner::EmitRoles() {
  for (const auto& [key, o] : to_.objects()) {
    if (o.id.kind != ObjectKind::kRole || from_.Find(key)) continue;
    if (std::find(from_.cluster_roles.begin(), from_.cluster_roles.end(), o.id.name) != from_.cluster_roles.end()) continue;
    std::string n = o.id.name;
    Create(o, "create",
           "DO $graft$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = " + QuoteLiteral(n) +
               ") THEN CREATE ROLE " + QuoteIdent(n) + "; END IF; END $graft$");
  }
}

void Planner::EmitAcl(const Object& o, std::vector<std::string> from_acl, const std::vector<std::string>& to_acl,
                      const std::string& target, const std::string& column) {
  std::sort(from_acl.begin(), from_acl.end());
  std::vector<std::string> sorted_to = to_acl;
  std::sort(sorted_to.begin(), sorted_to.end());
  std::vector<std::string> revoke, grant;
  std::set_difference(from_acl.begin(), from_acl.end(), sorted_to.begin(), sorted_to.end(), std::back_inserter(revoke));
  std::set_difference(sorted_to.begin(), sorted_to.end(), from_acl.begin(), from_acl.end(), std::back_inserter(grant));
  std::string col = column.empty() ? "" : " (" + QuoteIdent(column) + ")";
  // Group by grantee (and grant option) to keep statements short.
  std::map<std::pair<std::string, bool>, std::vector<std::string>> rv, gr;
  for (const auto& e : revoke) {
    auto x = schema::ParseAclEntry(e);
    rv[{x.grantee, false}].push_back(x.privilege);
  }
  for (const auto& e : grant) {
    auto x = schema::ParseAclEntry(e);
    gr[{x.grantee, x.grantable}].push_back(x.privilege);
  }
  auto join = [&](const std::vector<std::string>& ps) {
    std::string s;
    for (size_t i = 0; i < ps.size(); ++i) s += (i ? ", " : "") + ps[i] + col;
    return s;
  };
  for (const auto& [g, ps] : rv) {
    Stmt& s = After(o, "revoke", "REVOKE " + join(ps) + " ON " + target + " FROM " + Grantee(g.first));
    if (g.first != "PUBLIC") s.needs.push_back(ObjectId{ObjectKind::kRole, "", "", g.first, ""}.Key());
  }
  for (const auto& [g, ps] : gr) {
    Stmt& s = After(o, "grant",
                    "GRANT " + join(ps) + " ON " + target + " TO " + Grantee(g.first) + (g.second ? " WITH GRANT OPTION" : ""));
    if (g.first != "PUBLIC") s.needs.push_back(ObjectId{ObjectKind::kRole, "", "", g.first, ""}.Key());
  }
}

// Comment, owner and privileges of `b`; `a` is its previous state, or null
// when `b` was just created.
void Planner::EmitMeta(const Object* a, const Object& b) {
  const json& db = b.def;
  json ca = a ? (a->def.contains("comment") ? a->def["comment"] : json(nullptr)) : json(nullptr);
  json cb = db.contains("comment") ? db["comment"] : json(nullptr);
  if (ca != cb && b.id.kind != ObjectKind::kRole && b.id.kind != ObjectKind::kDefaultPrivileges) {
    After(b, "comment",
          "COMMENT ON " + Designator(b.id) + " IS " + (cb.is_null() ? std::string("NULL") : QuoteLiteral(cb.get<std::string>())));
  }
  json ia = a && a->def.contains("index_comment") ? a->def["index_comment"] : json(nullptr);
  json ib = db.contains("index_comment") ? db["index_comment"] : json(nullptr);
  if (ia != ib) {
    After(b, "comment", "COMMENT ON INDEX " + Q(b.id) + " IS " + (ib.is_null() ? std::string("NULL") : QuoteLiteral(ib.get<std::string>())));
  }
  std::string owner_b = Str(db, "owner");
  std::string owner_a;
  if (a) owner_a = Str(a->def, "owner");
  else owner_a = to_.current_user.empty() ? owner_b : from_.current_user.empty() ? to_.current_user : from_.current_user;
  bool linked_seq = b.id.kind == ObjectKind::kSequence && Has(db, "owned_by") && a && Has(a->def, "owned_by");
  if (linked_seq) {
    const json& ob = db["owned_by"];
    const Object* ta = from_.Find(ObjectId{ObjectKind::kTable, ob[0].get<std::string>(), "", ob[1].get<std::string>(), ""});
    const Object* tb = to_.Find(ObjectId{ObjectKind::kTable, ob[0].get<std::string>(), "", ob[1].get<std::string>(), ""});
    if (ta && tb && Str(ta->def, "owner") != Str(tb->def, "owner") && Str(tb->def, "owner") == owner_b) linked_seq = true;
    else linked_seq = false;
  }
  if (db.contains("owner") && owner_a != owner_b && !linked_seq) {
    Stmt& s = After(b, "alter owner", "ALTER " + AlterTarget(b.id) + " OWNER TO " + QuoteIdent(owner_b));
    s.needs.push_back(ObjectId{ObjectKind::kRole, "", "", owner_b, ""}.Key());
  }
  if (!db.contains("acl")) return;
  std::string target = GrantTarget(b.id);
  if (target.empty()) return;
  std::vector<std::string> from_acl;
  if (a) {
    from_acl = AclOf(a->def);
    if (owner_a != owner_b) {
      // ALTER OWNER moves the old owner's privileges to the new owner.
      for (auto& e : from_acl) {
        auto x = schema::ParseAclEntry(e);
        if (x.grantee == owner_a) {
          x.grantee = owner_b;
          e = x.ToString();
        }
      }
    }
  } else {
    from_acl = DefaultAcl(b.id.kind, owner_b);
  }
  EmitAcl(b, from_acl, AclOf(db), target);
}

// Column-level details that CREATE TABLE / ADD COLUMN do not carry: comment,
// column privileges, statistics, storage, and for inherited columns the
// default / NOT NULL set on the child.
void Planner::EmitColumnExtras(const Object* a, const Object& b, bool created_with_table) {
  const Object* rel = to_.FindRelation(b.id.schema, b.id.table);
  std::string alter_rel = rel && rel->id.kind == ObjectKind::kView ? "ALTER VIEW " : rel && rel->id.kind == ObjectKind::kMaterializedView ? "ALTER MATERIALIZED VIEW " : "ALTER TABLE ";
  std::string head = alter_rel + TableOf(b.id) + " ALTER COLUMN " + QuoteIdent(b.id.name);
  if (created_with_table) {
    bool local = Bool(b.def, "local") || !b.def.contains("local");
    bool is_view = rel && rel->id.kind != ObjectKind::kTable;
    if (is_view && Has(b.def, "default")) After(b, "alter", head + " SET DEFAULT " + Str(b.def, "default"));
    if (!local && rel && !Has(rel->def, "partition_of")) {
      // Inherited column: copy the child's own default / NOT NULL.
      if (Has(b.def, "default")) After(b, "alter", head + " SET DEFAULT " + Str(b.def, "default"));
      if (Bool(b.def, "not_null")) After(b, "alter", head + " SET NOT NULL");
    }
    if (Has(b.def, "statistics")) After(b, "alter", head + " SET STATISTICS " + std::to_string(b.def["statistics"].get<int>()));
    if (Has(b.def, "storage")) {
      std::string st = Str(b.def, "storage");
      std::string name = st == "p" ? "PLAIN" : st == "e" ? "EXTERNAL" : st == "m" ? "MAIN" : "EXTENDED";
      After(b, "alter", head + " SET STORAGE " + name);
    }
  }
  json ca = a && a->def.contains("comment") ? a->def["comment"] : json(nullptr);
  json cb = b.def.contains("comment") ? b.def["comment"] : json(nullptr);
  if (ca != cb) {
    After(b, "comment", "COMMENT ON " + Designator(b.id) + " IS " + (cb.is_null() ? std::string("NULL") : QuoteLiteral(cb.get<std::string>())));
  }
  std::vector<std::string> fa = a ? AclOf(a->def) : std::vector<std::string>{};
  EmitAcl(b, fa, AclOf(b.def), "TABLE " + TableOf(b.id), b.id.name);
}

void Planner::EmitCreate(const Object& o, const std::string& action) {
  const json& d = o.def;
  switch (o.id.kind) {
    case ObjectKind::kRole:
      return;  // EmitRoles
    case ObjectKind::kSchema:
      Create(o, action, "CREATE SCHEMA " + QuoteIdent(o.id.name));
      break;
    case ObjectKind::kExtension:
      Create(o, action,
             "CREATE EXTENSION IF NOT EXISTS " + QuoteIdent(o.id.name) + " WITH SCHEMA " + QuoteIdent(Str(d, "schema")) +
                 " VERSION " + QuoteLiteral(Str(d, "version")));
      break;
    case ObjectKind::kType: {
      std::string t = Str(d, "type");
      std::string sql = "CREATE TYPE " + Q(o.id);
      if (t == "enum") {
        sql += " AS ENUM (";
        bool first = true;
        for (const auto& l : d["labels"]) {
          sql += (first ? "" : ", ") + QuoteLiteral(l.get<std::string>());
          first = false;
        }
        sql += ")";
      } else if (t == "composite") {
        sql += " AS (";
        bool first = true;
        for (const auto& at : d["attributes"]) {
          sql += (first ? "\n    " : ",\n    ") + QuoteIdent(Str(at, "name")) + " " + Str(at, "type");
          if (Has(at, "collation")) sql += " COLLATE " + Str(at, "collation");
          first = false;
        }
        sql += first ? ")" : "\n)";
      } else {
        sql += " AS RANGE (SUBTYPE = " + Str(d, "subtype");
        if (Has(d, "subtype_opclass")) sql += ", SUBTYPE_OPCLASS = " + Str(d, "subtype_opclass");
        if (Has(d, "collation")) sql += ", COLLATION = " + Str(d, "collation");
        if (Has(d, "canonical")) sql += ", CANONICAL = " + Str(d, "canonical");
        if (Has(d, "subtype_diff")) sql += ", SUBTYPE_DIFF = " + Str(d, "subtype_diff");
        if (Has(d, "multirange")) sql += ", MULTIRANGE_TYPE_NAME = " + QualifiedName(o.id.schema, Str(d, "multirange"));
        sql += ")";
      }
      Create(o, action, sql);
      break;
    }
    case ObjectKind::kDomain: {
      std::string sql = "CREATE DOMAIN " + Q(o.id) + " AS " + Str(d, "base_type");
      if (Has(d, "collation")) sql += " COLLATE " + Str(d, "collation");
      if (Has(d, "default")) sql += " DEFAULT " + Str(d, "default");
      if (Bool(d, "not_null")) sql += " NOT NULL";
      if (d.contains("constraints")) {
        for (auto it = d["constraints"].begin(); it != d["constraints"].end(); ++it) {
          sql += " CONSTRAINT " + QuoteIdent(it.key()) + " " + it.value().get<std::string>();
        }
      }
      Create(o, action, sql);
      break;
    }
    case ObjectKind::kSequence: {
      std::string sql = std::string("CREATE ") + (Str(d, "persistence") == "u" ? "UNLOGGED " : "") + "SEQUENCE " + Q(o.id) +
                        SequenceOptions(d, true);
      Create(o, action, sql);
      if (Has(d, "owned_by")) {
        const json& ob = d["owned_by"];
        ObjectId col{ObjectKind::kColumn, ob[0].get<std::string>(), ob[1].get<std::string>(), ob[2].get<std::string>(), ""};
        Stmt& s = After(o, "alter", "ALTER SEQUENCE " + Q(o.id) + " OWNED BY " + TableOf(col) + "." + QuoteIdent(col.name));
        s.provides = {"ownedby:" + o.id.Key()};
        s.needs = {o.id.Key(), col.Key(), "meta:" + o.id.Key(),
                   "meta:" + ObjectId{ObjectKind::kTable, col.schema, "", col.table, ""}.Key()};
      }
      break;
    }
    case ObjectKind::kTable: {
      Stmt& s = Create(o, action, CreateTableSql(o));
      std::set<std::string> provided = {o.id.Key()};
      for (const Object* c : to_.ColumnsOf(o)) {
        s.provides.push_back(c->id.Key());
        provided.insert(c->id.Key());
        for (const auto& r : c->deps) s.needs.push_back(r);
      }
      std::vector<std::string> req;
      for (const auto& r : s.needs) {
        if (!provided.count(r)) req.push_back(r);
      }
      s.needs = req;
      std::string t = Q(o.id);
      if (Bool(d, "rls")) After(o, "alter", "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY");
      if (Bool(d, "rls_forced")) After(o, "alter", "ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY");
      if (Has(d, "clustered_on")) {
        Stmt& c = After(o, "alter", "ALTER TABLE " + t + " CLUSTER ON " + QuoteIdent(Str(d, "clustered_on")));
        c.needs.push_back(ObjectId{ObjectKind::kIndex, o.id.schema, "", Str(d, "clustered_on"), ""}.Key());
        c.needs.push_back(ObjectId{ObjectKind::kConstraint, o.id.schema, o.id.name, Str(d, "clustered_on"), ""}.Key());
      }
      std::string ri = Str(d, "replica_identity");
      if (!ri.empty() && ri != "d") {
        std::string v = ri == "f" ? "FULL" : ri == "n" ? "NOTHING" : "USING INDEX " + QuoteIdent(ri.substr(6));
        Stmt& c = After(o, "alter", "ALTER TABLE " + t + " REPLICA IDENTITY " + v);
        if (ri.rfind("index ", 0) == 0) {
          c.needs.push_back(ObjectId{ObjectKind::kIndex, o.id.schema, "", ri.substr(6), ""}.Key());
          c.needs.push_back(ObjectId{ObjectKind::kConstraint, o.id.schema, o.id.name, ri.substr(6), ""}.Key());
        }
      }
      break;
    }
    case ObjectKind::kColumn: {
      const Object* rel = to_.FindRelation(o.id.schema, o.id.table);
      if (OwnerCreated(o)) {
        EmitColumnExtras(nullptr, o, true);
        return;
      }
      if (!rel || rel->id.kind != ObjectKind::kTable) return;
      if (!Bool(d, "local")) {
        // Added to a parent: it arrives by inheritance. Wait for the parent.
        EmitColumnExtras(nullptr, o, true);
        return;
      }
      Hz hz = {kLock};
      if (Has(d, "generated") || !Str(d, "identity").empty()) hz.push_back(kRewrite);
      if (Bool(d, "not_null") && !Has(d, "default") && Str(d, "identity").empty() && !Has(d, "generated")) hz.push_back(kMayFail);
      if (Has(d, "default")) {
        // A volatile default is evaluated per row: the table is rewritten.
        std::string def = Str(d, "default");
        for (const char* f : {"nextval(", "random(", "clock_timestamp(", "gen_random_uuid(", "uuid_generate", "timeofday("}) {
          if (def.find(f) != std::string::npos) hz.push_back(kRewrite);
        }
      }
      Stmt& s = Create(o, action, "ALTER TABLE " + TableOf(o.id) + " ADD COLUMN " + ColumnSpec(o, true), hz);
      s.needs.push_back(rel->id.Key());
      // Added columns go in the target's order: wait for the one before.
      const auto& cols = rel->def["columns"];
      for (size_t i = 1; i < cols.size(); ++i) {
        if (cols[i] == o.id.name) {
          s.needs.push_back(ObjectId{ObjectKind::kColumn, o.id.schema, o.id.table, cols[i - 1].get<std::string>(), ""}.Key());
        }
      }
      EmitColumnExtras(nullptr, o, true);
      break;
    }
    case ObjectKind::kConstraint: {
      std::string type = Str(d, "type");
      Hz hz = {kMayFail};
      if (type == "p" || type == "u" || type == "x") hz.push_back(kIndex);
      if (!OwnerCreated(o)) hz.push_back(kLock);
      if (OwnerCreated(o)) hz = {};
      Stmt& s = Create(o, action, "ALTER TABLE " + TableOf(o.id) + " ADD CONSTRAINT " + QuoteIdent(o.id.name) + " " + Str(d, "definition"), hz);
      (void)s;
      break;
    }
    case ObjectKind::kIndex: {
      Hz hz;
      if (!OwnerCreated(o)) hz = {kIndex};
      Create(o, action, Str(d, "definition"), hz);
      break;
    }
    case ObjectKind::kView: {
      std::string sql = "CREATE VIEW " + Q(o.id);
      if (d.contains("options") && !d["options"].empty()) {
        sql += " WITH (";
        bool first = true;
        for (const auto& x : d["options"]) {
          sql += (first ? "" : ", ") + x.get<std::string>();
          first = false;
        }
        sql += ")";
      }
      Stmt& s = Create(o, action, sql + " AS\n" + Str(d, "definition"));
      for (const Object* c : to_.ColumnsOf(o)) s.provides.push_back(c->id.Key());
      break;
    }
    case ObjectKind::kMaterializedView: {
      std::string sql = "CREATE MATERIALIZED VIEW " + Q(o.id);
      if (Has(d, "access_method") && Str(d, "access_method") != "heap") sql += " USING " + Str(d, "access_method");
      if (d.contains("options") && !d["options"].empty()) {
        sql += " WITH (";
        bool first = true;
        for (const auto& x : d["options"]) {
          sql += (first ? "" : ", ") + x.get<std::string>();
          first = false;
        }
        sql += ")";
      }
      std::string def = Str(d, "definition");
      while (!def.empty() && (def.back() == ';' || def.back() == ' ' || def.back() == '\n')) def.pop_back();
      Stmt& s = Create(o, action, sql + " AS\n" + def + "\nWITH NO DATA");
      for (const Object* c : to_.ColumnsOf(o)) s.provides.push_back(c->id.Key());
      break;
    }
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
      Create(o, action, Str(d, "definition"));
      break;
    case ObjectKind::kAggregate: {
      std::string sql = "CREATE AGGREGATE " + Q(o.id) + "(" + (o.id.args.empty() ? "*" : Str(d, "arguments")) + ") (SFUNC = " +
                        Str(d, "sfunc") + ", STYPE = " + Str(d, "stype");
      if (Has(d, "finalfunc")) sql += ", FINALFUNC = " + Str(d, "finalfunc");
      if (Bool(d, "finalfunc_extra")) sql += ", FINALFUNC_EXTRA";
      if (Has(d, "combinefunc")) sql += ", COMBINEFUNC = " + Str(d, "combinefunc");
      if (Has(d, "initcond")) sql += ", INITCOND = " + QuoteLiteral(Str(d, "initcond"));
      if (Has(d, "sortop")) {
        std::string op = Str(d, "sortop");
        sql += ", SORTOP = OPERATOR(" + op.substr(0, op.find('(')) + ")";
      }
      Create(o, action, sql + ")");
      break;
    }
    case ObjectKind::kTrigger:
    case ObjectKind::kRule:
      Create(o, action, Str(d, "definition"));
      if (Str(d, "enabled") != "O") After(o, "alter", SetEnabledSql(o.id, Str(d, "enabled")));
      break;
    case ObjectKind::kPolicy: {
      std::string cmd = Str(d, "command");
      std::string c = cmd == "r" ? "SELECT" : cmd == "a" ? "INSERT" : cmd == "w" ? "UPDATE" : cmd == "d" ? "DELETE" : "ALL";
      std::vector<std::string> roles;
      std::string tail = PolicyTail(d, &roles);
      Stmt& st = Create(o, action,
                        "CREATE POLICY " + QuoteIdent(o.id.name) + " ON " + TableOf(o.id) + " AS " +
                            (Bool(d, "permissive") ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + c + tail);
      for (const auto& r : roles) st.needs.push_back(r);
      break;
    }
    case ObjectKind::kStatistics: {
      Create(o, action, Str(d, "definition"));
      if (Has(d, "statistics")) {
        After(o, "alter", "ALTER STATISTICS " + Q(o.id) + " SET STATISTICS " + std::to_string(d["statistics"].get<int>()));
      }
      break;
    }
    case ObjectKind::kDefaultPrivileges: {
      // Starting point: Postgres' built-in defaults (global) or nothing (per schema).
      std::vector<std::string> base;
      if (o.id.schema.empty()) {
        ObjectKind k = o.id.args == "TABLES" ? ObjectKind::kTable : o.id.args == "SEQUENCES" ? ObjectKind::kSequence
                       : o.id.args == "FUNCTIONS" ? ObjectKind::kFunction : o.id.args == "TYPES" ? ObjectKind::kType
                                                                                                 : ObjectKind::kSchema;
        base = DefaultAcl(k, o.id.name);
      }
      std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + QuoteIdent(o.id.name) +
                           (o.id.schema.empty() ? "" : " IN SCHEMA " + QuoteIdent(o.id.schema));
      std::vector<std::string> to_acl = AclOf(d);
      std::sort(base.begin(), base.end());
      std::sort(to_acl.begin(), to_acl.end());
      std::vector<std::string> rv, gr;
      std::set_difference(base.begin(), base.end(), to_acl.begin(), to_acl.end(), std::back_inserter(rv));
      std::set_difference(to_acl.begin(), to_acl.end(), base.begin(), base.end(), std::back_inserter(gr));
      for (const auto& e : rv) {
        auto x = schema::ParseAclEntry(e);
        After(o, "revoke", prefix + " REVOKE " + x.privilege + " ON " + o.id.args + " FROM " + Grantee(x.grantee)).needs.clear();
      }
      for (const auto& e : gr) {
        auto x = schema::ParseAclEntry(e);
        After(o, "grant", prefix + " GRANT " + x.privilege + " ON " + o.id.args + " TO " + Grantee(x.grantee) +
                              (x.grantable ? " WITH GRANT OPTION" : "")).needs.clear();
      }
      return;
    }
    case ObjectKind::kCollation: {
      std::string sql = "CREATE COLLATION " + Q(o.id) + " (provider = " + (Str(d, "provider") == "i" ? "icu" : "libc");
      if (Str(d, "provider") == "i") {
        sql += ", locale = " + QuoteLiteral(Str(d, "icu_locale"));
      } else if (Str(d, "collate") == Str(d, "ctype")) {
        sql += ", locale = " + QuoteLiteral(Str(d, "collate"));
      } else {
        sql += ", lc_collate = " + QuoteLiteral(Str(d, "collate")) + ", lc_ctype = " + QuoteLiteral(Str(d, "ctype"));
      }
      if (!Bool(d, "deterministic")) sql += ", deterministic = false";
      Create(o, action, sql + ")");
      break;
    }
  }
  if (o.id.kind != ObjectKind::kColumn) EmitMeta(nullptr, o);
  // Columns of a view created here.
  if (o.id.kind == ObjectKind::kView || o.id.kind == ObjectKind::kMaterializedView) {
    // handled via the column objects (EmitCreate on each column)
  }
}

void Planner::EmitDrop(const Object& o, const std::string& action) {
  const json& d = o.def;
  switch (o.id.kind) {
    case ObjectKind::kRole:
      return;
    case ObjectKind::kSchema:
      Drop(o, action, "DROP SCHEMA " + QuoteIdent(o.id.name));
      return;
    case ObjectKind::kExtension:
      Drop(o, action, "DROP EXTENSION " + QuoteIdent(o.id.name));
      return;
    case ObjectKind::kType:
      Drop(o, action, "DROP TYPE " + Q(o.id));
      return;
    case ObjectKind::kDomain:
      Drop(o, action, "DROP DOMAIN " + Q(o.id));
      return;
    case ObjectKind::kSequence:
      Drop(o, action, std::string("DROP SEQUENCE ") + (Has(d, "owned_by") ? "IF EXISTS " : "") + Q(o.id));
      return;
    case ObjectKind::kTable:
      Drop(o, action, "DROP TABLE " + Q(o.id), {kData, kLock});
      return;
    case ObjectKind::kColumn: {
      if (GoesWithOwner(o) || rebuild_.count(OwnerKey(from_, o))) return;
      const Object* rel = from_.FindRelation(o.id.schema, o.id.table);
      if (!rel || rel->id.kind != ObjectKind::kTable) return;
      if (!Bool(d, "local")) return;  // goes with the parent's column
      Drop(o, action, "ALTER TABLE " + TableOf(o.id) + " DROP COLUMN " + QuoteIdent(o.id.name), {kData, kLock});
      return;
    }
    case ObjectKind::kConstraint:
      if (GoesWithOwner(o)) return;
      Drop(o, action, "ALTER TABLE " + TableOf(o.id) + " DROP CONSTRAINT " + QuoteIdent(o.id.name), {kLock});
      return;
    case ObjectKind::kIndex:
      if (GoesWithOwner(o)) return;
      Drop(o, action, "DROP INDEX " + Q(o.id), {kLock});
      return;
    case ObjectKind::kView:
      Drop(o, action, "DROP VIEW " + Q(o.id));
      return;
    case ObjectKind::kMaterializedView:
      Drop(o, action, "DROP MATERIALIZED VIEW " + Q(o.id), {kData});
      return;
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
    case ObjectKind::kAggregate:
      Drop(o, action, "DROP " + AlterTarget(o.id));
      return;
    case ObjectKind::kTrigger:
      if (GoesWithOwner(o)) return;
      Drop(o, action, "DROP TRIGGER " + QuoteIdent(o.id.name) + " ON " + TableOf(o.id));
      return;
    case ObjectKind::kPolicy:
      if (GoesWithOwner(o)) return;
      Drop(o, action, "DROP POLICY " + QuoteIdent(o.id.name) + " ON " + TableOf(o.id));
      return;
    case ObjectKind::kRule:
      if (GoesWithOwner(o)) return;
      Drop(o, action, "DROP RULE " + QuoteIdent(o.id.name) + " ON " + TableOf(o.id));
      return;
    case ObjectKind::kStatistics:
      Drop(o, action, "DROP STATISTICS IF EXISTS " + Q(o.id));
      return;
    case ObjectKind::kDefaultPrivileges: {
      // Back to the built-in defaults: undo what `o` granted.
      Object empty = o;
      std::vector<std::string> base;
      if (o.id.schema.empty()) {
        ObjectKind k = o.id.args == "TABLES" ? ObjectKind::kTable : o.id.args == "SEQUENCES" ? ObjectKind::kSequence
                       : o.id.args == "FUNCTIONS" ? ObjectKind::kFunction : o.id.args == "TYPES" ? ObjectKind::kType
                                                                                                 : ObjectKind::kSchema;
        base = DefaultAcl(k, o.id.name);
      }
      empty.def["acl"] = base;
      std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + QuoteIdent(o.id.name) +
                           (o.id.schema.empty() ? "" : " IN SCHEMA " + QuoteIdent(o.id.schema));
      std::vector<std::string> fa = AclOf(d);
      std::sort(fa.begin(), fa.end());
      std::sort(base.begin(), base.end());
      std::vector<std::string> rv, gr;
      std::set_difference(fa.begin(), fa.end(), base.begin(), base.end(), std::back_inserter(rv));
      std::set_difference(base.begin(), base.end(), fa.begin(), fa.end(), std::back_inserter(gr));
      for (const auto& e : rv) {
        auto x = schema::ParseAclEntry(e);
        Drop(o, "revoke", prefix + " REVOKE " + x.privilege + " ON " + o.id.args + " FROM " + Grantee(x.grantee));
      }
      for (const auto& e : gr) {
        auto x = schema::ParseAclEntry(e);
        Drop(o, "grant", prefix + " GRANT " + x.privilege + " ON " + o.id.args + " TO " + Grantee(x.grantee));
      }
      return;
    }
    case ObjectKind::kCollation:
      Drop(o, action, "DROP COLLATION " + Q(o.id));
      return;
  }
}

// ----------------------------------------------------------------------------
// Alters

namespace {

std::string OptionName(const std::string& kv) { return kv.substr(0, kv.find('=')); }

}  // namespace

void Planner::EmitAlter(const Object& a, const Object& b) {
  const json& da = a.def;
  const json& d = b.def;
  std::string q = Q(b.id);
  switch (b.id.kind) {
    case ObjectKind::kExtension:
      if (Differs(a, b, "schema")) Create(b, "alter", "ALTER EXTENSION " + QuoteIdent(b.id.name) + " SET SCHEMA " + QuoteIdent(Str(d, "schema")));
      if (Differs(a, b, "version")) Create(b, "alter", "ALTER EXTENSION " + QuoteIdent(b.id.name) + " UPDATE TO " + QuoteLiteral(Str(d, "version")));
      break;
    case ObjectKind::kType:
      if (AttributesAppended(a, b)) {
        std::map<std::string, json> ma, mb;
        for (const auto& x : da["attributes"]) ma[Str(x, "name")] = x;
        for (const auto& x : d["attributes"]) mb[Str(x, "name")] = x;
        for (const auto& x : da["attributes"]) {
          if (!mb.count(Str(x, "name"))) Create(b, "alter", "ALTER TYPE " + q + " DROP ATTRIBUTE " + QuoteIdent(Str(x, "name")), {kData});
        }
        for (const auto& x : d["attributes"]) {
          std::string n = Str(x, "name");
          std::string spec = QuoteIdent(n) + " " + (Has(x, "collation") ? Str(x, "type") + " COLLATE " + Str(x, "collation") : Str(x, "type"));
          if (!ma.count(n)) {
            Create(b, "alter", "ALTER TYPE " + q + " ADD ATTRIBUTE " + spec);
          } else if (ma[n] != x) {
            Create(b, "alter", "ALTER TYPE " + q + " ALTER ATTRIBUTE " + QuoteIdent(n) + " TYPE " + spec.substr(QuoteIdent(n).size() + 1), {kMayFail});
          }
        }
      }
      if (Str(d, "type") == "enum" && Differs(a, b, "labels")) {
        std::set<std::string> have;
        for (const auto& l : da["labels"]) have.insert(l.get<std::string>());
        const auto& lb = d["labels"];
        for (size_t i = 0; i < lb.size(); ++i) {
          std::string l = lb[i].get<std::string>();
          if (have.count(l)) continue;
          std::string where = i > 0 ? " AFTER " + QuoteLiteral(lb[i - 1].get<std::string>())
                                    : (lb.size() > 1 ? " BEFORE " + QuoteLiteral(lb[1].get<std::string>()) : "");
          Create(b, "alter", "ALTER TYPE " + q + " ADD VALUE " + QuoteLiteral(l) + where);
          have.insert(l);
        }
      }
      break;
    case ObjectKind::kDomain: {
      if (Differs(a, b, "default")) {
        Create(b, "alter", "ALTER DOMAIN " + q + (Has(d, "default") ? " SET DEFAULT " + Str(d, "default") : " DROP DEFAULT"));
      }
      if (Differs(a, b, "not_null")) {
        Create(b, "alter", "ALTER DOMAIN " + q + (Bool(d, "not_null") ? " SET NOT NULL" : " DROP NOT NULL"),
               Bool(d, "not_null") ? Hz{kMayFail} : Hz{});
      }
      const json& ca = da["constraints"];
      const json& cb = d["constraints"];
      for (auto it = ca.begin(); it != ca.end(); ++it) {
        if (!cb.contains(it.key()) || cb[it.key()] != it.value()) {
          Drop(b, "alter", "ALTER DOMAIN " + q + " DROP CONSTRAINT " + QuoteIdent(it.key())).drop_key = "domcon:" + b.id.Key();
        }
      }
      for (auto it = cb.begin(); it != cb.end(); ++it) {
        if (!ca.contains(it.key()) || ca[it.key()] != it.value()) {
          Create(b, "alter", "ALTER DOMAIN " + q + " ADD CONSTRAINT " + QuoteIdent(it.key()) + " " + it.value().get<std::string>(), {kMayFail});
        }
      }
      break;
    }
    case ObjectKind::kSequence: {
      bool opts = false;
      for (const char* k : {"type", "start", "increment", "min", "max", "cache", "cycle"}) opts = opts || Differs(a, b, k);
      if (opts) {
        std::string sql = "ALTER SEQUENCE " + q + (Str(d, "type") == "bigint" && Str(da, "type") != "bigint" ? " AS bigint" : "") +
                          SequenceOptions(d, true);
        Hz hz;
        auto num = [](const json& j, const char* k) { return std::stold(j[k].get<std::string>()); };
        if (num(d, "min") > num(da, "min") || num(d, "max") < num(da, "max")) {
          sql += " RESTART WITH " + Str(d, "start");  // the current value may lie outside the new bounds
          hz.push_back(kMayFail);
        }
        Create(b, "alter", sql, hz);
      }
      if (Differs(a, b, "persistence")) Create(b, "alter", "ALTER SEQUENCE " + q + (Str(d, "persistence") == "u" ? " SET UNLOGGED" : " SET LOGGED"));
      if (Differs(a, b, "owned_by")) {
        if (Has(d, "owned_by")) {
          const json& ob = d["owned_by"];
          ObjectId col{ObjectKind::kColumn, ob[0].get<std::string>(), ob[1].get<std::string>(), ob[2].get<std::string>(), ""};
          Stmt& s = After(b, "alter", "ALTER SEQUENCE " + q + " OWNED BY " + TableOf(col) + "." + QuoteIdent(col.name));
          s.provides = {"ownedby:" + b.id.Key()};
          s.needs = {b.id.Key(), col.Key(), "meta:" + b.id.Key(),
                     "meta:" + ObjectId{ObjectKind::kTable, col.schema, "", col.table, ""}.Key()};
        } else {
          // Detach before the old owning column goes away.
          Drop(b, "alter", "ALTER SEQUENCE " + q + " OWNED BY NONE").drop_key = "ownedby:" + b.id.Key();
        }
      }
      break;
    }
    case ObjectKind::kTable: {
      if (Differs(a, b, "persistence")) {
        Create(b, "alter", "ALTER TABLE " + q + (Str(d, "persistence") == "u" ? " SET UNLOGGED" : " SET LOGGED"), {kRewrite, kLock});
      }
      if (Differs(a, b, "options")) {
        // Postgres keeps options in the order they were set: reset the old
        // ones, then set the target's in its order.
        std::string reset, set;
        for (const auto& x : da["options"]) reset += (reset.empty() ? "" : ", ") + OptionName(x.get<std::string>());
        for (const auto& x : d["options"]) set += (set.empty() ? "" : ", ") + x.get<std::string>();
        if (!reset.empty()) Create(b, "alter", "ALTER TABLE " + q + " RESET (" + reset + ")");
        if (!set.empty()) Create(b, "alter", "ALTER TABLE " + q + " SET (" + set + ")");
      }
      if (Differs(a, b, "rls")) After(b, "alter", "ALTER TABLE " + q + (Bool(d, "rls") ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY");
      if (Differs(a, b, "rls_forced")) After(b, "alter", "ALTER TABLE " + q + (Bool(d, "rls_forced") ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY");
      if (Differs(a, b, "inherits")) {
        std::set<json> pa(da["inherits"].begin(), da["inherits"].end()), pb(d["inherits"].begin(), d["inherits"].end());
        for (const auto& p : pa) {
          if (!pb.count(p)) {
            Stmt& s = Drop(b, "alter", "ALTER TABLE " + q + " NO INHERIT " + QualifiedName(p[0].get<std::string>(), p[1].get<std::string>()));
            s.drop_key = "inherit:" + b.id.Key();
            s.rank = 100;  // before the parent loses columns
          }
        }
        for (const auto& p : pb) {
          if (!pa.count(p)) {
            Stmt& s = Create(b, "alter", "ALTER TABLE " + q + " INHERIT " + QualifiedName(p[0].get<std::string>(), p[1].get<std::string>()), {kMayFail});
            s.provides = {"inherit:" + b.id.Key()};
            for (const Object* c : to_.ColumnsOf(b)) s.needs.push_back(c->id.Key());
            s.needs.push_back(ObjectId{ObjectKind::kTable, p[0].get<std::string>(), "", p[1].get<std::string>(), ""}.Key());
          }
        }
      }
      if (Has(d, "partition_of") && (Differs(a, b, "partition_of") || Differs(a, b, "partition_bound"))) {
        const json& pa = da["partition_of"];
        const json& pb = d["partition_of"];
        Stmt& s0 = Drop(b, "alter", "ALTER TABLE " + QualifiedName(pa[0].get<std::string>(), pa[1].get<std::string>()) + " DETACH PARTITION " + q);
        s0.drop_key = "partition:" + b.id.Key();
        s0.rank = 100;
        Stmt& s = Create(b, "alter",
                         "ALTER TABLE " + QualifiedName(pb[0].get<std::string>(), pb[1].get<std::string>()) + " ATTACH PARTITION " + q + " " +
                             Str(d, "partition_bound"),
                         {kMayFail});
        s.provides = {"partition:" + b.id.Key()};
      }
      if (Differs(a, b, "clustered_on")) {
        if (Has(d, "clustered_on")) {
          Stmt& c = After(b, "alter", "ALTER TABLE " + q + " CLUSTER ON " + QuoteIdent(Str(d, "clustered_on")));
          c.needs.push_back(ObjectId{ObjectKind::kIndex, b.id.schema, "", Str(d, "clustered_on"), ""}.Key());
          c.needs.push_back(ObjectId{ObjectKind::kConstraint, b.id.schema, b.id.name, Str(d, "clustered_on"), ""}.Key());
        } else {
          After(b, "alter", "ALTER TABLE " + q + " SET WITHOUT CLUSTER");
        }
      }
      if (Differs(a, b, "replica_identity")) {
        std::string ri = Str(d, "replica_identity");
        std::string v = ri == "f" ? "FULL" : ri == "n" ? "NOTHING" : ri == "d" ? "DEFAULT" : "USING INDEX " + QuoteIdent(ri.substr(6));
        Stmt& c = After(b, "alter", "ALTER TABLE " + q + " REPLICA IDENTITY " + v);
        if (ri.rfind("index ", 0) == 0) {
          c.needs.push_back(ObjectId{ObjectKind::kIndex, b.id.schema, "", ri.substr(6), ""}.Key());
          c.needs.push_back(ObjectId{ObjectKind::kConstraint, b.id.schema, b.id.name, ri.substr(6), ""}.Key());
        }
      }
      break;
    }
    case ObjectKind::kConstraint:
      if (Differs(a, b, "definition")) {
        Create(b, "alter", "ALTER TABLE " + TableOf(b.id) + " VALIDATE CONSTRAINT " + QuoteIdent(b.id.name), {kMayFail});
      }
      break;
    case ObjectKind::kView:
      if (Differs(a, b, "definition")) {
        Stmt& s = Create(b, "alter", "CREATE OR REPLACE VIEW " + q + " AS\n" + Str(d, "definition"));
        for (const Object* c : to_.ColumnsOf(b)) s.provides.push_back(c->id.Key());
      }
      if (Differs(a, b, "options")) {
        std::set<std::string> names_b;
        for (const auto& x : d["options"]) names_b.insert(OptionName(x.get<std::string>()));
        std::string reset, set;
        for (const auto& x : da["options"]) {
          if (!names_b.count(OptionName(x.get<std::string>()))) reset += (reset.empty() ? "" : ", ") + OptionName(x.get<std::string>());
        }
        for (const auto& x : d["options"]) set += (set.empty() ? "" : ", ") + x.get<std::string>();
        if (!reset.empty()) Create(b, "alter", "ALTER VIEW " + q + " RESET (" + reset + ")");
        if (!set.empty()) Create(b, "alter", "ALTER VIEW " + q + " SET (" + set + ")");
      }
      break;
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
      if (Differs(a, b, "definition")) Create(b, "alter", Str(d, "definition"));
      break;
    case ObjectKind::kTrigger:
    case ObjectKind::kRule:
      if (Differs(a, b, "enabled")) After(b, "alter", SetEnabledSql(b.id, Str(d, "enabled")));
      break;
    case ObjectKind::kPolicy:
      if (Differs(a, b, "roles") || Differs(a, b, "using") || Differs(a, b, "with_check")) {
        std::vector<std::string> roles;
        std::string tail = PolicyTail(d, &roles);
        Stmt& st = Create(b, "alter", "ALTER POLICY " + QuoteIdent(b.id.name) + " ON " + TableOf(b.id) + tail);
        for (const auto& r : roles) st.needs.push_back(r);
      }
      break;
    case ObjectKind::kStatistics:
      if (Differs(a, b, "statistics")) {
        After(b, "alter", "ALTER STATISTICS " + q + " SET STATISTICS " + (Has(d, "statistics") ? std::to_string(d["statistics"].get<int>()) : "-1"));
      }
      break;
    case ObjectKind::kDefaultPrivileges: {
      std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + QuoteIdent(b.id.name) +
                           (b.id.schema.empty() ? "" : " IN SCHEMA " + QuoteIdent(b.id.schema));
      std::vector<std::string> fa = AclOf(da), fb = AclOf(d), rv, gr;
      std::set_difference(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(rv));
      std::set_difference(fb.begin(), fb.end(), fa.begin(), fa.end(), std::back_inserter(gr));
      for (const auto& e : rv) {
        auto x = schema::ParseAclEntry(e);
        Create(b, "revoke", prefix + " REVOKE " + x.privilege + " ON " + b.id.args + " FROM " + Grantee(x.grantee));
      }
      for (const auto& e : gr) {
        auto x = schema::ParseAclEntry(e);
        Create(b, "grant", prefix + " GRANT " + x.privilege + " ON " + b.id.args + " TO " + Grantee(x.grantee) +
                               (x.grantable ? " WITH GRANT OPTION" : ""));
      }
      return;
    }
    default:
      break;
  }
  EmitMeta(&a, b);
}

// A column present on both sides (not part of a recreated relation).
void Planner::EmitColumnAlter(const Object& a, const Object& b) {
  const Object* rel = to_.FindRelation(b.id.schema, b.id.table);
  if (!rel) return;
  std::string key = b.id.Key();
  bool is_table = rel->id.kind == ObjectKind::kTable;
  std::string head = std::string(is_table ? "ALTER TABLE " : rel->id.kind == ObjectKind::kView ? "ALTER VIEW " : "ALTER MATERIALIZED VIEW ") +
                     TableOf(b.id) + " ALTER COLUMN " + QuoteIdent(b.id.name);
  bool retype = retype_.count(key) > 0;
  bool reset = reset_default_.count(key) > 0 || (retype && Has(a.def, "default"));
  if (reset && Has(a.def, "default")) {
    Drop(b, "alter", head + " DROP DEFAULT", {kLock}).drop_key = key;
  }
  if (retype && is_table && Bool(b.def, "local")) {
    std::string type = Str(b.def, "type");
    std::string src_type = Str(a.def, "type");
    bool via_text = type == src_type;  // the type itself was recreated
    for (const auto& d : b.deps) {
      if (type_rename_.count(d) || d.rfind("type:", 0) == 0) via_text = true;
    }
    for (const auto& d : a.deps) {
      if (d.rfind("type:", 0) == 0) via_text = true;
    }
    std::string sql = head + " TYPE " + type;
    if (Has(b.def, "collation")) sql += " COLLATE " + Str(b.def, "collation");
    if (type != src_type || via_text) sql += " USING " + QuoteIdent(b.id.name) + (via_text ? "::text" : "") + "::" + type;
    Create(b, "alter", sql, {kRewrite, kLock, kMayFail});
  }
  if (reset || Differs(a, b, "default")) {
    if (Has(b.def, "default")) {
      Create(b, "alter", head + " SET DEFAULT " + Str(b.def, "default"), {kLock}).provides.push_back("default:" + key);
    } else if (!reset && Has(a.def, "default")) {
      Drop(b, "alter", head + " DROP DEFAULT", {kLock}).drop_key = key;
    }
  }
  if (is_table) {
    if (Differs(a, b, "not_null")) {
      if (Bool(b.def, "not_null")) Create(b, "alter", head + " SET NOT NULL", {kLock, kMayFail});
      else Create(b, "alter", head + " DROP NOT NULL", {kLock});
    }
    std::string ia = Str(a.def, "identity"), ib = Str(b.def, "identity");
    if (ia != ib) {
      if (ia.empty()) {
        std::string spec = IdentitySpec(b);
        Create(b, "alter", head + " ADD" + spec, {kLock});
      } else if (ib.empty()) {
        Drop(b, "alter", head + " DROP IDENTITY", {kLock}).drop_key = key;
      } else {
        Create(b, "alter", head + (ib == "a" ? " SET GENERATED ALWAYS" : " SET GENERATED BY DEFAULT"), {kLock});
      }
    } else if (!ib.empty() && Differs(a, b, "identity_sequence") && Has(b.def, "identity_sequence")) {
      const json& sa = a.def["identity_sequence"];
      const json& sb = b.def["identity_sequence"];
      std::string sets;
      if (sa.value("start", "") != sb.value("start", "")) sets += " SET START WITH " + Str(sb, "start");
      if (sa.value("increment", "") != sb.value("increment", "")) sets += " SET INCREMENT BY " + Str(sb, "increment");
      if (sa.value("min", "") != sb.value("min", "")) sets += " SET MINVALUE " + Str(sb, "min");
      if (sa.value("max", "") != sb.value("max", "")) sets += " SET MAXVALUE " + Str(sb, "max");
      if (sa.value("cache", "") != sb.value("cache", "")) sets += " SET CACHE " + Str(sb, "cache");
      if (Bool(sa, "cycle") != Bool(sb, "cycle")) sets += Bool(sb, "cycle") ? " SET CYCLE" : " SET NO CYCLE";
      if (!sets.empty()) Create(b, "alter", head + sets);
      if (Str(sa, "name") != Str(sb, "name")) {
        Create(b, "alter", "ALTER SEQUENCE " + QualifiedName(b.id.schema, Str(sa, "name")) + " RENAME TO " + QuoteIdent(Str(sb, "name")));
      }
    }
    if (Differs(a, b, "statistics")) {
      Create(b, "alter", head + " SET STATISTICS " + (Has(b.def, "statistics") ? std::to_string(b.def["statistics"].get<int>()) : "-1"));
    }
    if (Differs(a, b, "storage")) {
      std::string st = Str(b.def, "storage");
      std::string name = st == "p" ? "PLAIN" : st == "e" ? "EXTERNAL" : st == "m" ? "MAIN" : "EXTENDED";
      if (st.empty()) name = "EXTENDED";
      Create(b, "alter", head + " SET STORAGE " + name);
    }
  }
  EmitColumnExtras(&a, b, false);
}

void Planner::EmitTableRebuild(const Object& a, const Object& b) {
  std::string key = b.id.Key();
  std::string tmp = b.id.name.substr(0, 50) + "__graft_old";
  std::string rename_key = "rename:" + key;
  Stmt& r = Create(b, "recreate", "ALTER TABLE " + Q(a.id) + " RENAME TO " + QuoteIdent(tmp), {kLock});
  r.provides = {rename_key};
  r.needs = {};
  std::string old = QualifiedName(a.id.schema, tmp);
  for (const Object* c : from_.ColumnsOf(a)) {
    if (!Str(c->def, "identity").empty() && Bool(c->def, "local")) {
      Stmt& s = Create(b, "recreate", "ALTER TABLE " + old + " ALTER COLUMN " + QuoteIdent(c->id.name) + " DROP IDENTITY");
      s.provides = {rename_key};
      s.needs = {rename_key};
    }
  }
  std::vector<const Object*> owned;
  for (const auto& [k, o] : from_.objects()) {
    if (o.id.kind != ObjectKind::kSequence || !Has(o.def, "owned_by") || !to_.Find(k)) continue;
    const json& ob = o.def["owned_by"];
    if (ob[0] == a.id.schema && ob[1] == a.id.name) {
      owned.push_back(&o);
      Stmt& s = Create(o, "alter", "ALTER SEQUENCE " + Q(o.id) + " OWNED BY NONE");
      s.provides = {rename_key};
      s.needs = {};
    }
  }
  EmitCreate(b, "recreate");
  // The CREATE TABLE we just emitted must wait for the rename.
  for (auto& s : stmts_) {
    if (!s.drop_phase && s.st.action == "recreate" && s.st.sql.rfind("CREATE ", 0) == 0 &&
        std::find(s.provides.begin(), s.provides.end(), key) != s.provides.end()) {
      s.needs.push_back(rename_key);
    }
  }
  std::set<std::string> names_b;
  for (const auto& c : b.def["columns"]) names_b.insert(c.get<std::string>());
  std::vector<std::string> cols;
  bool lost = false, identity_always = false;
  for (const Object* c : from_.ColumnsOf(a)) {
    if (!names_b.count(c->id.name)) {
      lost = true;
      continue;
    }
    const Object* nc = to_.Find(ObjectId{ObjectKind::kColumn, b.id.schema, b.id.name, c->id.name, ""});
    if (!nc || Has(nc->def, "generated")) continue;
    if (!Bool(c->def, "local") && a.def.contains("inherits")) {
      // Inherited only: gone from the old table when the parent drops it.
      bool parent_drops = false;
      for (const auto& p : a.def["inherits"]) {
        ObjectId pc{ObjectKind::kColumn, p[0].get<std::string>(), p[1].get<std::string>(), c->id.name, ""};
        if (from_.Find(pc) && !to_.Find(pc)) parent_drops = true;
      }
      if (parent_drops) continue;
    }
    if (Str(nc->def, "identity") == "a") identity_always = true;
    cols.push_back(QuoteIdent(c->id.name));
  }
  std::string copy_key = "copy:" + key;
  if (!Has(a.def, "partition_key") && !Has(b.def, "partition_key") && !cols.empty()) {
    std::string list;
    for (size_t i = 0; i < cols.size(); ++i) list += (i ? ", " : "") + cols[i];
    Stmt& s = Create(b, "copy data",
                     "INSERT INTO " + Q(b.id) + " (" + list + ")" + (identity_always ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " +
                         list + " FROM ONLY " + old,
                     {kRewrite});
    s.provides = {copy_key};
    s.needs = {key};
  }
  Hz hz = {kLock, kRewrite};
  if (lost) hz.push_back(kData);
  Stmt& dr = Create(b, "recreate", "DROP TABLE " + old, hz);
  dr.provides = {"dropold:" + key};
  dr.needs = {copy_key, key};
  // Children rebuilt with us must be copied and dropped first.
  auto it = rdeps_.find(a.id.Key());
  if (it != rdeps_.end()) {
    for (const auto& d : it->second) {
      if (rebuild_.count(d)) {
        dr.needs.push_back("copy:" + d);
        dr.needs.push_back("dropold:" + d);
      }
    }
  }
  for (const Object* o : owned) {
    const Object* t = to_.Find(o->id.Key());
    if (!t || !Has(t->def, "owned_by")) continue;
    const json& ob = t->def["owned_by"];
    ObjectId col{ObjectKind::kColumn, ob[0].get<std::string>(), ob[1].get<std::string>(), ob[2].get<std::string>(), ""};
    Stmt& s = After(*t, "alter", "ALTER SEQUENCE " + Q(t->id) + " OWNED BY " + TableOf(col) + "." + QuoteIdent(col.name));
    s.needs.push_back(col.Key());
  }
  notes_.push_back("table " + b.id.Display() + " is recreated (column order or partitioning changed); rows are copied");
}

void Planner::EmitTypeRename(const Object& a, const Object& b) {
  std::string key = b.id.Key();
  std::vector<std::string> cols;
  for (const auto& c : retype_) {
    const Object* fc = from_.Find(c);
    if (!fc) continue;
    if (std::find(fc->deps.begin(), fc->deps.end(), key) != fc->deps.end()) cols.push_back(c);
  }
  if (cols.empty()) {
    EmitDrop(a, "recreate");
    EmitCreate(b, "recreate");
    return;
  }
  std::string tmp = b.id.name.substr(0, 50) + "__graft_old";
  std::string word = b.id.kind == ObjectKind::kDomain ? "DOMAIN " : "TYPE ";
  Stmt& r = Create(b, "recreate", "ALTER " + word + Q(a.id) + " RENAME TO " + QuoteIdent(tmp));
  r.provides = {"rename:" + key};
  r.needs = {};
  size_t first = stmts_.size();
  EmitCreate(b, "recreate");
  for (size_t i = first; i < stmts_.size(); ++i) stmts_[i].needs.push_back("rename:" + key);
  Stmt& d = Create(b, "recreate", "DROP " + word + QualifiedName(a.id.schema, tmp));
  d.provides = {"dropold:" + key};
  d.needs = cols;
  for (const auto& c : cols) d.needs.push_back("default:" + c);
}

// ----------------------------------------------------------------------------
// Ordering

std::vector<Statement> Planner::Order() {
  std::vector<int> drops, creates, late;
  for (size_t i = 0; i < stmts_.size(); ++i) {
    (stmts_[i].drop_phase ? (stmts_[i].late ? late : drops) : creates).push_back(static_cast<int>(i));
  }
  auto by_rank_desc = [&](int x, int y) {
    if (stmts_[x].rank != stmts_[y].rank) return stmts_[x].rank > stmts_[y].rank;
    return stmts_[x].seq < stmts_[y].seq;
  };
  std::sort(late.begin(), late.end(), by_rank_desc);
  std::sort(drops.begin(), drops.end(), [&](int x, int y) {
    if (stmts_[x].rank != stmts_[y].rank) return stmts_[x].rank > stmts_[y].rank;
    return stmts_[x].seq < stmts_[y].seq;
  });
  std::sort(creates.begin(), creates.end(), [&](int x, int y) {
    if (stmts_[x].rank != stmts_[y].rank) return stmts_[x].rank < stmts_[y].rank;
    return stmts_[x].seq < stmts_[y].seq;
  });
  std::unordered_map<std::string, std::vector<int>> drop_by_key, providers;
  for (int i : drops) drop_by_key[stmts_[i].drop_key].push_back(i);
  for (int i : late) drop_by_key[stmts_[i].drop_key].push_back(i);
  for (int i : creates) {
    for (const auto& p : stmts_[i].provides) providers[p].push_back(i);
  }
  std::vector<int> state(stmts_.size(), 0);
  std::vector<Statement> out;
  std::function<void(int)> visit_drop = [&](int i) {
    if (state[i]) return;
    state[i] = 1;
    // Everything that depends on what we drop goes first.
    std::unordered_set<std::string> seen;
    std::vector<std::string> work = {stmts_[i].drop_key};
    while (!work.empty()) {
      std::string k = work.back();
      work.pop_back();
      auto it = rdeps_.find(k);
      if (it == rdeps_.end()) continue;
      for (const auto& d : it->second) {
        if (!seen.insert(d).second) continue;
        auto dk = drop_by_key.find(d);
        if (dk != drop_by_key.end()) {
          for (int p : dk->second) {
            if (p != i) visit_drop(p);
          }
        } else {
          work.push_back(d);
        }
      }
    }
    state[i] = 2;
    out.push_back(stmts_[i].st);
  };
  std::function<void(int)> visit_create = [&](int i) {
    if (state[i]) return;
    state[i] = 1;
    for (const auto& r : stmts_[i].needs) {
      auto it = providers.find(r);
      if (it == providers.end()) continue;
      for (int p : it->second) {
        if (p != i) visit_create(p);
      }
    }
    state[i] = 2;
    out.push_back(stmts_[i].st);
  };
  for (int i : drops) visit_drop(i);
  for (int i : creates) visit_create(i);
  for (int i : late) visit_drop(i);
  return out;
}

Plan Planner::Build() {
  Decide();
  EmitRoles();
  std::set<std::string> columns_done;
  for (const auto& c : cs_.changes) {
    std::string key = c.key();
    if (c.type == diff::ChangeType::kAdd) {
      EmitCreate(*c.to, "create");
    } else if (c.type == diff::ChangeType::kDrop) {
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
    if (b->id.kind == ObjectKind::kView || b->id.kind == ObjectKind::kMaterializedView) {
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
    Statement set;
    set.sql = "SET LOCAL check_function_bodies = false;";
    set.object = "check_function_bodies";
    set.kind = "setting";
    set.action = "set";
    plan.statements.push_back(set);
  }
  for (auto& s : Order()) plan.statements.push_back(std::move(s));
  std::set<std::string> unsupported(from_.unsupported.begin(), from_.unsupported.end());
  unsupported.insert(to_.unsupported.begin(), to_.unsupported.end());
  for (const auto& u : unsupported) plan.notes.push_back("unsupported: " + u);
  for (auto& n : notes_) plan.notes.push_back(std::move(n));
  return plan;
}

}  // namespace

nlohmann::json Plan::ToJson() const {
  json stmts = json::array();
  std::map<std::string, int> by_action, by_hazard;
  for (const auto& s : statements) {
    stmts.push_back({{"sql", s.sql}, {"object", s.object}, {"kind", s.kind}, {"action", s.action}, {"hazards", s.hazards}});
    by_action[s.action]++;
    for (const auto& h : s.hazards) by_hazard[h]++;
  }
  return {{"statements", stmts},
          {"summary", {{"statements", statements.size()}, {"actions", by_action}, {"hazards", by_hazard}, {"notes", notes}}}};
}

std::string Plan::ToText() const {
  std::string out;
  for (const auto& s : statements) {
    out += "-- " + s.action + " " + s.kind + " " + s.object;
    if (!s.hazards.empty()) {
      out += " (hazards: ";
      for (size_t i = 0; i < s.hazards.size(); ++i) out += (i ? ", " : "") + s.hazards[i];
      out += ")";
    }
    out += "\n" + s.sql + "\n\n";
  }
  return out;
}

Plan BuildPlan(const Schema& from, const Schema& to, const diff::ChangeSet& changes) {
  Planner p(from, to, changes);
  return p.Build();
}

Plan BuildPlan(const Schema& from, const Schema& to) {
  diff::ChangeSet cs = diff::Diff(from, to);
  return BuildPlan(from, to, cs);
}

}  // namespace graft::ddl
