// Renderer for triggers: the CREATE TRIGGER Postgres prints
// (pg_get_triggerdef), its enabled state, DROP TRIGGER.
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;

void Planner::CreateTrigger(const Object& o, const std::string& action) {
  const json& d = o.def;
  Create(o, action, Str(d, "definition"));
  if (Str(d, "enabled") != "O") After(o, "alter", SetEnabledSql(o.id, Str(d, "enabled")));
}

void Planner::DropTrigger(const Object& o, const std::string& action) {
  if (GoesWithOwner(o)) return;
  Drop(o, action, "DROP TRIGGER " + QuoteIdent(o.id.name) + " ON " + TableOf(o.id));
}

void Planner::AlterTrigger(const Object& a, const Object& b) {
  if (Differs(a, b, "enabled")) After(b, "alter", SetEnabledSql(b.id, Str(b.def, "enabled")));
}

}  // namespace graft::ddl::internal
