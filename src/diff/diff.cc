#include "diff/diff.h"

#include <algorithm>
#include <set>

namespace graft::diff {

using schema::Object;
using schema::ObjectKind;

namespace {

std::vector<std::string> DifferingFields(const nlohmann::json& a, const nlohmann::json& b) {
  std::set<std::string> keys;
  for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
  for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
  std::vector<std::string> out;
  for (const auto& k : keys) {
    const nlohmann::json* x = a.contains(k) ? &a[k] : nullptr;
    const nlohmann::json* y = b.contains(k) ? &b[k] : nullptr;
    bool same = (x && y) ? *x == *y : (!x && !y);
    if (!x && y && y->is_null()) same = true;
    if (!y && x && x->is_null()) same = true;
    if (!same) out.push_back(k);
  }
  return out;
}

}  // namespace

bool SameExcept(const nlohmann::json& a, const nlohmann::json& b, const std::vector<std::string>& ignored) {
  for (const auto& f : DifferingFields(a, b)) {
    if (std::find(ignored.begin(), ignored.end(), f) == ignored.end()) return false;
  }
  return true;
}

ChangeSet Diff(const schema::Schema& from, const schema::Schema& to) {
  ChangeSet cs;
  const auto& a = from.objects();
  const auto& b = to.objects();
  auto ia = a.begin();
  auto ib = b.begin();
  while (ia != a.end() || ib != b.end()) {
    if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
      if (ia->second.id.kind != ObjectKind::kRole) {
        cs.changes.push_back({ChangeType::kDrop, ia->second.id, &ia->second, nullptr, {}});
      }
      ++ia;
    } else if (ia == a.end() || ib->first < ia->first) {
      cs.changes.push_back({ChangeType::kAdd, ib->second.id, nullptr, &ib->second, {}});
      ++ib;
    } else {
      if (ia->second.def != ib->second.def) {
        auto fields = DifferingFields(ia->second.def, ib->second.def);
        if (!fields.empty()) {
          cs.changes.push_back({ChangeType::kAlter, ib->second.id, &ia->second, &ib->second, std::move(fields)});
        }
      }
      ++ia;
      ++ib;
    }
  }
  return cs;
}

}  // namespace graft::diff
