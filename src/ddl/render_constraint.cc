// Renderer for table constraints (primary key, unique, check, foreign key,
// exclusion): ADD CONSTRAINT with its definition as Postgres prints it, DROP
// CONSTRAINT, and VALIDATE for a constraint that was NOT VALID.
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;

void Planner::CreateConstraint(const Object& o, const std::string& action) {
  const json& d = o.def;
  std::string type = Str(d, "type");
  Hz hz;
  if (!OwnerCreated(o)) {
    // Added to a table that has rows: checked against them, and p/u/x build
    // an index.
    hz = {kMayFail, kLock};
    if (type == "p" || type == "u" || type == "x") hz.push_back(kIndex);
  }
  Create(o, action, "ALTER TABLE " + TableOf(o.id) + " ADD CONSTRAINT " + QuoteIdent(o.id.name) + " " + Str(d, "definition"), hz);
}

// A foreign key between two tables that both go away (or are recreated) is
// dropped on its own first: then the tables can go in any order, cycles and
// partitioned targets included (Postgres would refuse to drop the referenced
// table while the key exists).
void Planner::DropConstraint(const Object& o, const std::string& action) {
  if (GoesWithOwner(o) && !ReferencesGoingTable(o)) return;
  Drop(o, action, "ALTER TABLE " + TableOf(o.id) + " DROP CONSTRAINT " + QuoteIdent(o.id.name), {kLock});
}

bool Planner::ReferencesGoingTable(const Object& fk) const {
  if (Str(fk.def, "type") != "f") return false;
  std::string owner = OwnerKey(from_, fk);
  for (const auto& d : fk.deps) {
    if (d == owner || d.rfind("table:", 0) != 0) continue;
    if (!InTo(d) || Replaced(d)) return true;
  }
  return false;
}

void Planner::AlterConstraint(const Object& a, const Object& b) {
  if (Differs(a, b, "definition")) {
    Create(b, "alter", "ALTER TABLE " + TableOf(b.id) + " VALIDATE CONSTRAINT " + QuoteIdent(b.id.name), {kMayFail});
  }
}

}  // namespace graft::ddl::internal
