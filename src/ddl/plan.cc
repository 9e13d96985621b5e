// The public face of ddl/: hazards, plan output, and the entry points into
// the planner (planner.h: decisions in planner.cc, ordering in order.cc, one
// renderer per object family in render_*.cc).
#include "ddl/plan.h"

#include <algorithm>
#include <map>

#include "ddl/planner.h"

namespace graft::ddl {

using nlohmann::json;

const char* HazardName(Hazard h) {
  switch (h) {
    case Hazard::kDeletesData: return "deletes_data";
    case Hazard::kRewritesTable: return "rewrites_table";
    case Hazard::kAccessExclusiveLock: return "access_exclusive_lock";
    case Hazard::kIndexBuild: return "index_build";
    case Hazard::kNotTransactional: return "not_transactional";
    case Hazard::kMayFailOnExistingData: return "may_fail_on_existing_data";
  }
  return "unknown";
}

bool Statement::Has(Hazard h) const { return std::find(hazards.begin(), hazards.end(), h) != hazards.end(); }

namespace {

std::vector<std::string> HazardNames(const Statement& s) {
  std::vector<std::string> out;
  for (Hazard h : s.hazards) out.push_back(HazardName(h));
  return out;
}

}  // namespace

nlohmann::json Plan::ToJson() const {
  json stmts = json::array();
  std::map<std::string, int> by_action, by_hazard;
  for (const auto& s : statements) {
    std::vector<std::string> hazards = HazardNames(s);
    stmts.push_back({{"sql", s.sql}, {"object", s.object}, {"kind", s.kind}, {"action", s.action}, {"hazards", hazards}});
    by_action[s.action]++;
    for (const auto& h : hazards) by_hazard[h]++;
  }
  return {{"statements", stmts},
          {"summary", {{"statements", statements.size()}, {"actions", by_action}, {"hazards", by_hazard}, {"notes", notes}}}};
}

std::string Plan::ToText() const {
  std::string out;
  for (const auto& s : statements) {
    out += "-- " + s.action + " " + s.kind + " " + s.object;
    if (!s.hazards.empty()) {
      out += " (hazards: ";
      for (size_t i = 0; i < s.hazards.size(); ++i) out += (i ? ", " : "") + std::string(HazardName(s.hazards[i]));
      out += ")";
    }
    out += "\n" + s.sql + "\n\n";
  }
  return out;
}

Plan BuildPlan(const schema::Schema& from, const schema::Schema& to, const diff::ChangeSet& changes) {
  internal::Planner p(from, to, changes);
  return p.Build();
}

Plan BuildPlan(const schema::Schema& from, const schema::Schema& to) {
  diff::ChangeSet cs = diff::Diff(from, to);
  return BuildPlan(from, to, cs);
}

std::string RenderCreate(const schema::Object& object, const schema::Schema& in) {
  diff::ChangeSet none;
  // `in` on both sides: what the object needs exists, and a column is added
  // to its existing table.
  internal::Planner p(in, in, none);
  std::string out;
  for (const auto& s : p.CreateOnly(object)) out += (out.empty() ? "" : "\n\n") + s.sql;
  return out;
}

}  // namespace graft::ddl
