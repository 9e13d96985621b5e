// graft/engine/merge_rows.h: the platform config tables as the merge sees
// them (engine-internal).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "merge/merge.h"

namespace graft::engine {

// The registry's config tables the merge reconciles
// (platform::MergedConfigTables) as the pure merge describes them. The rows
// themselves are read by platform::ConfigRows.
std::vector<merge::ConfigTable> MergeConfigTables();

}  // namespace graft::engine
