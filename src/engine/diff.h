// graft/engine/diff.h: `graft diff SOURCE TARGET` as an engine call: both
// databases introspected (at the same time, on two connections), diffed and
// planned (ddl::BuildPlan). Reads only; needs no home.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/model.h"

namespace graft::engine {

struct DiffRequest {
  std::string source_url;  // libpq URL of the database to change
  std::string target_url;  // libpq URL of the database to match
  std::vector<std::string> schemas;          // only these (empty: all user schemas)
  std::vector<std::string> exclude_schemas;  // minus these
};

// The plan in its two renderings, and what it could not express.
struct DiffResult {
  nlohmann::json json;              // ddl::Plan::ToJson() and "run" (how to run it, see diff_header.h)
  std::string text;                 // a header comment + ddl::Plan::ToText(): "" when there is nothing to do
  std::vector<std::string> notes;   // ddl::Plan::notes
};

// Errors name the side: "source database: ..." / "target database: ..." with
// the original kind (kDatabase, kUsage, ...).
DiffResult Diff(const DiffRequest& req);

// What Diff does once both sides are read: the plan from `from` to `to`
// (ddl::BuildPlan) in both renderings. Pure; for callers that already hold
// the models (the conformance runner plans in process and reuses them).
DiffResult DiffSchemas(const schema::Schema& from, const schema::Schema& to);

}  // namespace graft::engine
