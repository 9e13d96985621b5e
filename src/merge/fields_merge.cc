#include "merge/fields_merge.h"

#include <algorithm>
#include <map>
#include <set>

#include "schema/fields.h"

namespace graft::merge {

using nlohmann::json;

namespace {

json Get(const json& j, const std::string& k) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(k);
  return it == j.end() ? json(nullptr) : *it;
}

bool Sorted(const json& a) {
  if (!a.is_array()) return false;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i] < a[i - 1]) return false;
  }
  return true;
}

std::string Id(const json& item, const std::string& key) {
  if (key.empty() || !item.is_object()) return item.dump();
  auto it = item.find(key);
  return it == item.end() ? item.dump() : it->dump();
}

// The ids of `list` that are also in `keep`, in list order.
std::vector<std::string> Order(const json& list, const std::string& key, const std::set<std::string>& keep) {
  std::vector<std::string> out;
  for (const auto& x : list) {
    std::string id = Id(x, key);
    if (keep.count(id)) out.push_back(id);
  }
  return out;
}

std::map<std::string, json> ById(const json& list, const std::string& key) {
  std::map<std::string, json> out;
  if (list.is_array()) {
    for (const auto& x : list) out[Id(x, key)] = x;
  }
  return out;
}

}  // namespace

json MergeSet(const json& base, const json& parent, const json& branch) {
  auto b = ById(base, ""), r = ById(branch, "");
  json out = json::array();
  std::set<std::string> seen;
  if (parent.is_array()) {
    for (const auto& x : parent) {
      std::string id = x.dump();
      if (b.count(id) && !r.count(id)) continue;  // the branch removed it
      if (seen.insert(id).second) out.push_back(x);
    }
  }
  if (branch.is_array()) {
    for (const auto& x : branch) {
      std::string id = x.dump();
      if (b.count(id)) continue;  // not an addition
      if (seen.insert(id).second) out.push_back(x);
    }
  }
  if (Sorted(parent) && Sorted(branch)) std::sort(out.begin(), out.end());
  return out;
}

bool MergeList(const json& base, const json& parent, const json& branch, const std::string& item_key, json* out) {
  const json empty = json::array();
  const json& b = base.is_array() ? base : empty;
  const json& p = parent.is_array() ? parent : empty;
  const json& r = branch.is_array() ? branch : empty;
  auto bm = ById(b, item_key), pm = ById(p, item_key), rm = ById(r, item_key);
  // Base items both sides kept, and their order on each side.
  std::set<std::string> kept;
  for (const auto& [id, v] : bm) {
    if (pm.count(id) && rm.count(id)) kept.insert(id);
  }
  auto ob = Order(b, item_key, kept), op = Order(p, item_key, kept), orr = Order(r, item_key, kept);
  bool branch_reordered = orr != ob, parent_reordered = op != ob;
  if (branch_reordered && parent_reordered && orr != op) return false;
  // Item contents (lists of objects): three-way per item.
  std::map<std::string, json> content;
  for (const auto& id : kept) {
    const json &vb = bm[id], &vp = pm[id], &vr = rm[id];
    if (vr == vb || vr == vp) {
      content[id] = vp;
    } else if (vp == vb) {
      content[id] = vr;
    } else {
      return false;
    }
  }
  // Start from the parent's list without what the branch removed; when only
  // the branch reordered, its order of the kept items wins.
  std::vector<std::string> ids;
  std::map<std::string, json> value;
  for (const auto& x : p) {
    std::string id = Id(x, item_key);
    if (bm.count(id) && !rm.count(id)) continue;
    ids.push_back(id);
    value[id] = content.count(id) ? content[id] : x;
  }
  if (branch_reordered && !parent_reordered) {
    size_t k = 0;
    for (auto& id : ids) {
      if (kept.count(id)) id = orr[k++];
    }
  }
  std::set<std::string> parent_new;
  for (const auto& [id, v] : pm) {
    if (!bm.count(id)) parent_new.insert(id);
  }
  std::string anchor;  // the branch item preceding the insertion ("" = the start)
  for (const auto& x : r) {
    std::string id = Id(x, item_key);
    if (bm.count(id) || pm.count(id)) {
      if (value.count(id)) anchor = id;
      continue;
    }
    // After the anchor and after what the parent inserted right after it.
    size_t pos = 0;
    if (!anchor.empty()) {
      pos = static_cast<size_t>(std::find(ids.begin(), ids.end(), anchor) - ids.begin()) + 1;
    }
    while (pos < ids.size() && parent_new.count(ids[pos])) ++pos;
    ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(pos), id);
    value[id] = x;
    anchor = id;
  }
  json res = json::array();
  for (const auto& id : ids) res.push_back(value[id]);
  *out = std::move(res);
  return true;
}

DefMerge MergeDefs(schema::ObjectKind kind, const json& base, const json& parent, const json& branch) {
  DefMerge m;
  m.def = parent.is_object() ? parent : json::object();
  std::set<std::string> keys;
  for (const json* d : {&base, &parent, &branch}) {
    if (!d->is_object()) continue;
    for (const auto& [k, v] : d->items()) keys.insert(k);
  }
  for (const auto& k : keys) {
    json vb = Get(base, k), vp = Get(parent, k), vr = Get(branch, k);
    if (vp != vb) m.parent_changed.push_back(k);
    if (vr != vb) m.branch_changed.push_back(k);
    if (vr == vb || vr == vp) continue;
    if (vp == vb) {
      if (vr.is_null() && !(branch.is_object() && branch.contains(k))) {
        m.def.erase(k);
      } else {
        m.def[k] = vr;
      }
      continue;
    }
    const schema::FieldSpec* spec = schema::DeclaredFields().Find(kind, k);
    schema::MergeRule rule = spec ? spec->merge : schema::MergeRule::kScalar;
    if (rule == schema::MergeRule::kSet && (vp.is_array() || vp.is_null()) && (vr.is_array() || vr.is_null())) {
      m.def[k] = MergeSet(vb, vp, vr);
    } else if (rule == schema::MergeRule::kList && (vp.is_array() || vp.is_null()) && (vr.is_array() || vr.is_null())) {
      json merged;
      if (MergeList(vb, vp, vr, spec->item_key, &merged)) {
        m.def[k] = merged;
      } else {
        m.conflicts.push_back(k);
      }
    } else if (rule == schema::MergeRule::kMap && vp.is_object() && vr.is_object()) {
      // entries merge one by one, as scalars
      json merged = vp;
      bool ok = true;
      std::set<std::string> entries;
      for (const json* d : {&vb, &vp, &vr}) {
        if (!d->is_object()) continue;
        for (const auto& [e, v] : d->items()) entries.insert(e);
      }
      for (const auto& e : entries) {
        json eb = Get(vb, e), ep = Get(vp, e), er = Get(vr, e);
        if (er == eb || er == ep) continue;
        if (ep == eb) {
          if (er.is_null()) {
            merged.erase(e);
          } else {
            merged[e] = er;
          }
          continue;
        }
        m.conflicts.push_back(k + "." + e);
        ok = false;
      }
      if (ok) m.def[k] = merged;
    } else {
      m.conflicts.push_back(k);
    }
  }
  return m;
}

}  // namespace graft::merge
