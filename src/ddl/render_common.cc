// Helpers shared by the renderers: reading definitions and naming objects in
// SQL. See planner.h.
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QualifiedName;
using schema::QuoteIdent;

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

bool IsForeign(const Object& o) { return o.id.kind == ObjectKind::kTable && Has(o.def, "server"); }
std::string DesignatorOf(const Object& o) { return IsForeign(o) ? "FOREIGN TABLE " + Q(o.id) : Designator(o.id); }

std::string Q(const ObjectId& id) { return QualifiedName(id.schema, id.name); }
std::string TableOf(const ObjectId& id) { return QualifiedName(id.schema, id.table); }
std::string OptionName(const std::string& kv) { return kv.substr(0, kv.find('=')); }
std::string QualifiedPair(const json& pair) { return QualifiedName(pair[0].get<std::string>(), pair[1].get<std::string>()); }

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
    case ObjectKind::kForeignDataWrapper: return 8;
    case ObjectKind::kForeignServer: return 8;
    case ObjectKind::kUserMapping: return 8;
    case ObjectKind::kCast: return 8;
    case ObjectKind::kPublication: return 19;
    case ObjectKind::kEventTrigger: return 21;
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
    case ObjectKind::kPublication: return "PUBLICATION " + QuoteIdent(id.name);
    case ObjectKind::kEventTrigger: return "EVENT TRIGGER " + QuoteIdent(id.name);
    case ObjectKind::kForeignDataWrapper: return "FOREIGN DATA WRAPPER " + QuoteIdent(id.name);
    case ObjectKind::kForeignServer: return "SERVER " + QuoteIdent(id.name);
    case ObjectKind::kUserMapping: return "USER MAPPING FOR " + UserMappingUser(id) + " SERVER " + QuoteIdent(id.table);
    case ObjectKind::kCast: return "CAST (" + id.name + ")";
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
    case ObjectKind::kForeignDataWrapper: return "FOREIGN DATA WRAPPER " + QuoteIdent(id.name);
    case ObjectKind::kForeignServer: return "FOREIGN SERVER " + QuoteIdent(id.name);
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


std::string UserMappingUser(const ObjectId& id) { return id.name == "public" ? "PUBLIC" : QuoteIdent(id.name); }

bool IsRelationChild(ObjectKind k) {
  return k == ObjectKind::kColumn || k == ObjectKind::kConstraint || k == ObjectKind::kTrigger ||
         k == ObjectKind::kPolicy || k == ObjectKind::kRule;
}

std::string RoleKey(const std::string& name) { return ObjectId{ObjectKind::kRole, "", "", name, ""}.Key(); }

}  // namespace graft::ddl::internal
