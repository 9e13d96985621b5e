// graft/engine/merge_rows.h: the platform config rows of an instance as the
// T0 record and the merge read them (engine-internal).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "merge/merge.h"
#include "pg/conn.h"

namespace graft::engine {

// {"schema.table": [rows ordered by natural key]} for every config table of
// the registry, secrets in clear (they are merged, never shown).
nlohmann::json PlatformConfigRows(pg::Conn& c);

// The registry's config tables the merge reconciles (every config table but
// system.platform_migrations, which each instance's own install owns).
std::vector<merge::ConfigTable> MergeConfigTables();

}  // namespace graft::engine
