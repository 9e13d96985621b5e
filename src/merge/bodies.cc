// Function bodies naming a renamed object by its old name (see bodies.h).
#include "merge/bodies.h"

#include <algorithm>
#include <functional>

#include "merge/names.h"

namespace graft::merge {

using schema::ObjectKind;

namespace {

bool InPath(const FunctionText& f, const std::string& schema) {
  if (!f.has_path) return schema == "public";
  return std::find(f.search_path.begin(), f.search_path.end(), schema) != f.search_path.end();
}

bool NamesRelation(const FunctionText& f, const std::string& schema, const std::string& name) {
  return MentionsQualified(f.body, schema, name) || (MentionsBare(f.body, name) && InPath(f, schema));
}

}  // namespace

std::vector<StaleBody> StaleBodies(const std::vector<BodySource>& functions, const std::vector<BodyRename>& renames,
                                   const std::function<bool(const std::string&)>& exists) {
  std::vector<StaleBody> out;
  for (const auto& fn : functions) {
    FunctionText text = SplitFunctionDef(fn.definition);
    if (text.body.empty()) continue;
    for (const auto& r : renames) {
      if (!r.by_branch && !fn.from_branch) continue;  // the parent's own rename and body: not the merge's doing
      const auto& old = r.old_id;
      if (exists(old.Key())) continue;
      bool hit = false;
      switch (old.kind) {
        case ObjectKind::kSchema:
          hit = MentionsSchemaQualifier(text.body, old.name);
          break;
        case ObjectKind::kColumn: {
          if (old.name == r.new_id.name || !MentionsColumn(text.body, old.name)) break;
          std::string on = r.new_id.schema + "." + r.new_id.table;
          bool trigger = std::find(fn.trigger_tables.begin(), fn.trigger_tables.end(), on) != fn.trigger_tables.end();
          hit = trigger || NamesRelation(text, old.schema, old.table) || NamesRelation(text, r.new_id.schema, r.new_id.table);
          break;
        }
        case ObjectKind::kConstraint:
        case ObjectKind::kTrigger:
        case ObjectKind::kPolicy:
        case ObjectKind::kRule:
        case ObjectKind::kIndex:
          break;  // not named in bodies in ways that matter (an index by name: ALTER INDEX, rare)
        default:
          hit = NamesRelation(text, old.schema, old.name);
      }
      if (!hit) continue;
      out.push_back({fn.id, "the body of " + fn.id.Display() + " names " + old.Display() + " by its old name (renamed to " +
                                r.new_id.Display() + " on the " + (r.by_branch ? "branch" : "parent") +
                                "); graft does not rewrite function bodies: update the body to the new name, then "
                                "merge again"});
    }
  }
  return out;
}

}  // namespace graft::merge
