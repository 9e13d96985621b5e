// The planner's questions about one changed object's shape, asked by
// Planner::Decide (planner.cc): can a table keep its rows in place, can an
// enum or a composite type be altered, can a view be replaced.
#include <set>

#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteLiteral;

bool Planner::ColumnOrderDiffers(const Object& a, const Object& b) const {
  // Only local columns are declared by the table itself; inherited ones follow
  // the parent. Partitions take the parent's order.
  if (Has(b.def, "partition_of")) return false;
  std::vector<std::string> ca, cb;
  for (const auto& c : a.def["columns"]) ca.push_back(c.get<std::string>());
  for (const auto& c : b.def["columns"]) cb.push_back(c.get<std::string>());
  std::set<std::string> sa(ca.begin(), ca.end()), sb(cb.begin(), cb.end());
  std::vector<std::string> common_a, common_b;
  for (const auto& c : ca) {
    if (sb.count(c)) common_a.push_back(c);
  }
  bool seen_new = false;
  for (const auto& c : cb) {
    if (sa.count(c)) {
      common_b.push_back(c);
      if (seen_new) return true;  // a new column before an existing one
    } else {
      seen_new = true;
    }
  }
  return common_a != common_b;
}

// A value added with ALTER TYPE ... ADD VALUE cannot be used before the
// transaction commits; when the target uses one (a default, a check...), the
// type is recreated instead so the whole plan stays one transaction.
bool Planner::NewEnumValueUsed(const Object& a, const Object& b) const {
  std::set<std::string> old;
  for (const auto& l : a.def["labels"]) old.insert(l.get<std::string>());
  std::vector<std::string> needles;
  for (const auto& l : b.def["labels"]) {
    if (!old.count(l.get<std::string>())) needles.push_back(QuoteLiteral(l.get<std::string>()) + "::" + Q(b.id));
  }
  if (needles.empty()) return false;
  for (auto& n : needles) {
    n = nlohmann::json(n).dump();
    n = n.substr(1, n.size() - 2);  // as it appears inside a JSON string
  }
  for (const auto& text : TargetDefTexts()) {
    for (const auto& n : needles) {
      if (text.find(n) != std::string::npos) return true;
    }
  }
  return false;
}

const std::vector<std::string>& Planner::TargetDefTexts() const {
  if (!target_def_texts_) {
    target_def_texts_.emplace();
    for (const auto& [key, o] : to_.objects()) {
      if (o.id.kind != ObjectKind::kType) target_def_texts_->push_back(o.def.dump());
    }
  }
  return *target_def_texts_;
}

// CREATE OR REPLACE VIEW works when the old columns keep their names and
// types and new ones only come after them.
bool Planner::ViewReplaceable(const Object& a, const Object& b) const {
  if (Differs(a, b, "options")) return false;
  auto ca = from_.ColumnsOf(a);
  auto cb = to_.ColumnsOf(b);
  if (cb.size() < ca.size() || ca.empty()) return false;
  for (size_t i = 0; i < ca.size(); ++i) {
    if (ca[i]->id.name != cb[i]->id.name || Str(ca[i]->def, "type") != Str(cb[i]->def, "type")) return false;
  }
  return true;
}

// A composite type whose attributes were only appended: ALTER TYPE ADD ATTRIBUTE.
bool Planner::AttributesAppended(const Object& a, const Object& b) const {
  if (Str(a.def, "type") != "composite" || Str(b.def, "type") != "composite") return false;
  if (!diff::SameExcept(a.def, b.def, {"owner", "acl", "comment", "attributes"})) return false;
  // Attributes kept keep their relative order and new ones come last:
  // ALTER TYPE ... DROP / ALTER / ADD ATTRIBUTE reaches the target.
  std::vector<std::string> na, nb;
  for (const auto& x : a.def["attributes"]) na.push_back(Str(x, "name"));
  for (const auto& x : b.def["attributes"]) nb.push_back(Str(x, "name"));
  std::set<std::string> sa(na.begin(), na.end());
  std::set<std::string> sb(nb.begin(), nb.end());
  std::vector<std::string> ca, cb;
  for (const auto& n : na) {
    if (sb.count(n)) ca.push_back(n);
  }
  bool seen_new = false;
  for (const auto& n : nb) {
    if (sa.count(n)) {
      if (seen_new) return false;
      cb.push_back(n);
    } else {
      seen_new = true;
    }
  }
  return ca == cb;
}

bool Planner::EnumAppendOnly(const Object& a, const Object& b) const {
  const auto& la = a.def["labels"];
  const auto& lb = b.def["labels"];
  size_t j = 0;
  for (const auto& l : lb) {
    if (j < la.size() && la[j] == l) ++j;
  }
  return j == la.size();
}

// A foreign table has no rows here to keep: what a table would be rebuilt
// for, it is created again for; so is one on a new server (no ALTER sets it)
// and a table becoming foreign or not.
bool Planner::ForeignRecreated(const Object& a, const Object& b) const {
  bool non_local = false;
  for (const Object* c : to_.ColumnsOf(b)) non_local = non_local || !Bool(c->def, "local");
  return Differs(a, b, "server") || ColumnOrderDiffers(a, b) || Differs(a, b, "partition_key") ||
         (!Has(a.def, "partition_of") && Has(b.def, "partition_of")) || (Differs(a, b, "inherits") && non_local);
}

bool Planner::FollowsType(const Object& col) const {
  if (col.id.kind != ObjectKind::kColumn) return false;
  const Object* ta = from_.FindRelation(col.id.schema, col.id.table);
  const Object* tb = to_.FindRelation(col.id.schema, col.id.table);
  return ta && tb && Has(ta->def, "of_type") && Str(ta->def, "of_type") == Str(tb->def, "of_type") && !Rebuilt(tb->id.Key()) &&
         !Replaced(tb->id.Key());
}

}  // namespace graft::ddl::internal
