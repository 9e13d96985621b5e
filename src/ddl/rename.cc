#include "ddl/rename.h"

#include "schema/sql.h"

namespace graft::ddl {

using schema::ObjectId;
using schema::ObjectKind;
using schema::QualifiedName;
using schema::QuoteIdent;

namespace {

// The ALTER keyword of a kind that lives directly in a schema.
const char* AlterWord(ObjectKind k) {
  switch (k) {
    case ObjectKind::kTable: return "TABLE";
    case ObjectKind::kView: return "VIEW";
    case ObjectKind::kMaterializedView: return "MATERIALIZED VIEW";
    case ObjectKind::kSequence: return "SEQUENCE";
    case ObjectKind::kIndex: return "INDEX";
    case ObjectKind::kType: return "TYPE";
    case ObjectKind::kDomain: return "DOMAIN";
    case ObjectKind::kFunction: return "FUNCTION";
    case ObjectKind::kProcedure: return "PROCEDURE";
    case ObjectKind::kAggregate: return "AGGREGATE";
    case ObjectKind::kCollation: return "COLLATION";
    case ObjectKind::kStatistics: return "STATISTICS";
    default: return nullptr;
  }
}

bool HasArgs(ObjectKind k) {
  return k == ObjectKind::kFunction || k == ObjectKind::kProcedure || k == ObjectKind::kAggregate;
}

std::string Named(const ObjectId& id, const std::string& schema, const std::string& name) {
  std::string s = QualifiedName(schema, name);
  if (HasArgs(id.kind)) s += "(" + (id.args == "" && id.kind == ObjectKind::kAggregate ? "*" : id.args) + ")";
  return s;
}

}  // namespace

std::optional<std::vector<std::string>> RenameSql(const ObjectId& before, const ObjectId& after) {
  std::vector<std::string> out;
  const ObjectKind k = before.kind;
  if (k != after.kind) return std::nullopt;
  if (k == ObjectKind::kSchema) {
    if (before.name != after.name) {
      out.push_back("ALTER SCHEMA " + QuoteIdent(before.name) + " RENAME TO " + QuoteIdent(after.name) + ";");
    }
    return out;
  }
  if (const char* w = AlterWord(k)) {
    const std::string word = w;
    std::string schema = before.schema;
    if (before.schema != after.schema) {
      if (k == ObjectKind::kIndex) return std::nullopt;  // an index lives in its table's schema
      out.push_back("ALTER " + word + " " + Named(before, before.schema, before.name) + " SET SCHEMA " +
                    QuoteIdent(after.schema) + ";");
      schema = after.schema;
    }
    if (before.name != after.name) {
      out.push_back("ALTER " + word + " " + Named(before, schema, before.name) + " RENAME TO " + QuoteIdent(after.name) +
                    ";");
    }
    return out;
  }
  const std::string rel = QualifiedName(after.schema, after.table);
  if (before.name == after.name) return out;  // only the owning relation moved: its own rename says it
  switch (k) {
    case ObjectKind::kColumn:
      out.push_back("ALTER TABLE " + rel + " RENAME COLUMN " + QuoteIdent(before.name) + " TO " + QuoteIdent(after.name) +
                    ";");
      return out;
    case ObjectKind::kConstraint:
      out.push_back("ALTER TABLE " + rel + " RENAME CONSTRAINT " + QuoteIdent(before.name) + " TO " +
                    QuoteIdent(after.name) + ";");
      return out;
    case ObjectKind::kPolicy:
    case ObjectKind::kTrigger:
    case ObjectKind::kRule: {
      const char* w = k == ObjectKind::kPolicy ? "POLICY" : k == ObjectKind::kTrigger ? "TRIGGER" : "RULE";
      out.push_back(std::string("ALTER ") + w + " " + QuoteIdent(before.name) + " ON " + rel + " RENAME TO " +
                    QuoteIdent(after.name) + ";");
      return out;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace graft::ddl
