// Renderer for routines: functions and procedures (the CREATE OR REPLACE
// Postgres prints, pg_get_functiondef) and aggregates.
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteLiteral;

namespace {

std::string CreateAggregateSql(const Object& o) {
  const json& d = o.def;
  std::string sql = "CREATE AGGREGATE " + Q(o.id) + "(" + (o.id.args.empty() ? "*" : Str(d, "arguments")) + ") (SFUNC = " +
                    Str(d, "sfunc") + ", STYPE = " + Str(d, "stype");
  if (Has(d, "finalfunc")) sql += ", FINALFUNC = " + Str(d, "finalfunc");
  if (Bool(d, "finalfunc_extra")) sql += ", FINALFUNC_EXTRA";
  if (Has(d, "finalfunc_modify")) sql += ", FINALFUNC_MODIFY = " + Str(d, "finalfunc_modify");
  if (Has(d, "combinefunc")) sql += ", COMBINEFUNC = " + Str(d, "combinefunc");
  if (Has(d, "initcond")) sql += ", INITCOND = " + QuoteLiteral(Str(d, "initcond"));
  if (Has(d, "sortop")) {
    std::string op = Str(d, "sortop");
    sql += ", SORTOP = OPERATOR(" + op.substr(0, op.find('(')) + ")";
  }
  if (Has(d, "parallel")) sql += ", PARALLEL = " + Str(d, "parallel");
  return sql + ")";
}

}  // namespace

void Planner::CreateRoutine(const Object& o, const std::string& action) {
  if (o.id.kind == ObjectKind::kAggregate) {
    Create(o, action, CreateAggregateSql(o));
  } else {
    Create(o, action, Str(o.def, "definition"));
  }
}

void Planner::DropRoutine(const Object& o, const std::string& action) { Drop(o, action, "DROP " + AlterTarget(o.id)); }

// Same signature, result and language: CREATE OR REPLACE.
void Planner::AlterRoutine(const Object& a, const Object& b) {
  if (Differs(a, b, "definition")) Create(b, "alter", Str(b.def, "definition"));
}

}  // namespace graft::ddl::internal
