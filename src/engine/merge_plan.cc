// The merge plan as graft shows it (engine/merge.cc computes it): its JSON,
// the file --save-sql writes, and the config tables the merge reconciles.
#include "common/error.h"
#include "engine/engine.h"
#include "engine/merge_rows.h"
#include "platform/platform.h"

namespace graft::engine {

using nlohmann::json;

std::vector<merge::ConfigTable> MergeConfigTables() {
  std::vector<merge::ConfigTable> out;
  for (const auto* spec : platform::MergedConfigTables()) {
    out.push_back({spec->schema, spec->table, spec->key, spec->volatile_columns, spec->secret_columns});
  }
  return out;
}

json MergePlan::ToJson() const {
  return {{"branch", branch},         {"parent", parent},       {"base", base},
          {"base_time", base_time},   {"summary", summary},     {"changes", changes},
          {"config", config},         {"migrations", migrations}, {"conflicts", conflicts},
          {"data_loss", data_loss},   {"notes", notes},         {"sql", sql},
          {"parent_fingerprint", parent_fingerprint}, {"replanned", replanned}, {"applied", applied}};
}

std::string MergePlan::SaveSqlText() const {
  std::string out = "-- graft branch merge: " + branch + " into " + parent + "\n";
  out += std::string("-- merge base: ") + (base == "t0" ? "T0 of the branch, " : "the last merge of the branch, ") + base_time + "\n";
  out += "-- parent fingerprint (the plan was computed against it): " + parent_fingerprint + "\n";
  if (!redacted.empty()) {
    out += "-- secret values are shown as '<redacted>': this file cannot be replayed as is for these rows:\n";
    for (const auto& r : redacted) out += "--   " + r + "\n";
  }
  if (blocked()) {
    out += "--\n-- ==================== MERGE BLOCKED: " + std::to_string(conflicts.size()) +
           " conflict(s) ====================\n";
    for (const auto& c : conflicts) {
      out += "-- " + c["kind"].get<std::string>() + " " + c["object"].get<std::string>() + ": " +
             c["reason"].get<std::string>() + "\n";
    }
    out += "-- ==========================================================================\n";
    out += "DO $graft$ BEGIN RAISE EXCEPTION 'graft: merge of " + branch +
           " is blocked by conflicts; this file must not be applied'; END $graft$;\n";
  }
  out += "BEGIN;\n" + sql + "COMMIT;\n";
  return out;
}

}  // namespace graft::engine
