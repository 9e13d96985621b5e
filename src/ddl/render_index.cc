// Renderer for indexes: the CREATE INDEX Postgres prints (pg_get_indexdef)
// and DROP INDEX. Indexes that back constraints are the constraints'.
#include "ddl/planner.h"

namespace graft::ddl::internal {

void Planner::CreateIndex(const Object& o, const std::string& action) {
  Hz hz;
  if (!OwnerCreated(o)) hz = {kIndex};
  Create(o, action, Str(o.def, "definition"), hz);
}

void Planner::DropIndex(const Object& o, const std::string& action) {
  if (GoesWithOwner(o)) return;
  Drop(o, action, "DROP INDEX " + Q(o.id), {kLock});
}

}  // namespace graft::ddl::internal
