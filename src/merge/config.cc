// The three-way merge of platform config rows: matched on the natural key,
// merged field by field; volatile columns are ignored, secret values never
// shown.
#include <algorithm>
#include <map>
#include <set>

#include "merge/merge.h"
#include "schema/sql.h"

namespace graft::merge {

using nlohmann::json;

namespace {

std::string RowKey(const ConfigTable& t, const json& row) {
  json k = json::object();
  for (const auto& c : t.key) k[c] = row.contains(c) ? row[c] : json(nullptr);
  return k.dump();
}

// The row without volatile columns (what is compared and copied).
json Stable(const ConfigTable& t, const json& row) {
  json r = row;
  for (const auto& c : t.volatile_cols) r.erase(c);
  return r;
}

std::map<std::string, json> Rows(const ConfigTable& t, const json& doc) {
  std::map<std::string, json> out;
  if (!doc.is_object() || !doc.contains(t.qualified()) || !doc[t.qualified()].is_array()) return out;
  for (const auto& row : doc[t.qualified()]) out[RowKey(t, row)] = Stable(t, row);
  return out;
}

std::string Where(const ConfigTable& t, const json& key) {
  std::string w;
  for (const auto& c : t.key) {
    w += (w.empty() ? "" : " AND ") + schema::QuoteIdent(c) + " IS NOT DISTINCT FROM (SELECT " + schema::QuoteIdent(c) +
         " FROM jsonb_populate_record(NULL::" + schema::QualifiedName(t.schema, t.table) + ", " +
         schema::QuoteLiteral(key.dump()) + "::jsonb))";
  }
  return w;
}

json Redact(const ConfigTable& t, json row) {
  if (!row.is_object()) return row;
  for (const auto& c : t.secret_cols) {
    if (row.contains(c) && !row[c].is_null()) row[c] = "<redacted>";
  }
  return row;
}

json Field(const json& row, const std::string& c) {
  if (!row.is_object()) return nullptr;
  auto it = row.find(c);
  return it == row.end() ? json(nullptr) : *it;
}

std::string Names(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// INSERT, UPDATE of `fields` or DELETE of one row; `row` carries the values.
std::string Render(const ConfigTable& t, const std::string& action, const json& key, const json& row,
                   const std::vector<std::string>& fields) {
  std::string qt = schema::QualifiedName(t.schema, t.table);
  if (action == "delete") return "DELETE FROM " + qt + " WHERE " + Where(t, key) + ";";
  std::string cols;
  json values = json::object();
  for (const auto& c : fields) {
    cols += (cols.empty() ? "" : ", ") + schema::QuoteIdent(c);
    values[c] = Field(row, c);
  }
  std::string src = "jsonb_populate_record(NULL::" + qt + ", " + schema::QuoteLiteral(values.dump()) + "::jsonb)";
  if (action == "insert") return "INSERT INTO " + qt + " (" + cols + ") SELECT " + cols + " FROM " + src + ";";
  return "UPDATE " + qt + " SET (" + cols + ") = (SELECT " + cols + " FROM " + src + ") WHERE " + Where(t, key) + ";";
}

}  // namespace

ConfigMerge MergeConfig(const std::vector<ConfigTable>& tables, const json& base, const json& parent,
                        const json& branch) {
  ConfigMerge out;
  for (const auto& t : tables) {
    auto b0 = Rows(t, base), p = Rows(t, parent), br = Rows(t, branch);
    std::set<std::string> keys;
    for (const auto* m : {&b0, &p, &br}) {
      for (const auto& [k, v] : *m) keys.insert(k);
    }
    for (const auto& k : keys) {
      auto get = [&](const std::map<std::string, json>& m) {
        auto it = m.find(k);
        return it == m.end() ? json(nullptr) : it->second;
      };
      json v0 = get(b0), vp = get(p), vb = get(br);
      if (vb == v0 || vb == vp) continue;  // the branch did not touch it, or both agree
      json key = json::parse(k);
      auto conflict = [&](const std::string& reason) {
        Conflict c;
        c.kind = "config";
        c.object = t.qualified() + " " + key.dump();
        c.reason = reason;
        c.t0 = Redact(t, v0);
        c.parent = Redact(t, vp);
        c.branch = Redact(t, vb);
        c.hint = "make both sides agree (change the parent or reset the branch), then merge again";
        out.conflicts.push_back(std::move(c));
      };
      RowChange rc;
      rc.table = t.qualified();
      rc.key = key;
      if (vb.is_null()) {
        if (vp != v0) {
          conflict("row changed on the parent, deleted on the branch");
          continue;
        }
        rc.action = "delete";
      } else if (v0.is_null() && vp.is_null()) {
        rc.action = "insert";
        for (const auto& [c, v] : vb.items()) rc.fields.push_back(c);
      } else if (vp.is_null()) {
        conflict("row deleted on the parent, changed on the branch");
        continue;
      } else {
        // Field by field: the branch's changes land where the parent left the field alone.
        std::set<std::string> cols;
        for (const json* r : {&v0, &vp, &vb}) {
          if (!r->is_object()) continue;
          for (const auto& [c, v] : r->items()) cols.insert(c);
        }
        std::vector<std::string> clash;
        for (const auto& c : cols) {
          json f0 = Field(v0, c), fp = Field(vp, c), fb = Field(vb, c);
          if (fb == f0 || fb == fp) continue;
          if (fp != f0) {
            clash.push_back(c);
          } else {
            rc.fields.push_back(c);
          }
        }
        if (!clash.empty()) {
          conflict((v0.is_null() ? "row added on both sides with different values in " : "changed on both sides differently: ") +
                   Names(clash));
          continue;
        }
        if (rc.fields.empty()) continue;
        rc.action = "update";
      }
      rc.sql = Render(t, rc.action, key, vb, rc.fields);
      rc.shown_sql = Render(t, rc.action, key, Redact(t, vb), rc.fields);
      rc.redacted = rc.shown_sql != rc.sql;
      out.changes.push_back(std::move(rc));
    }
  }
  return out;
}

std::vector<std::string> VerifyConfig(const std::vector<ConfigTable>& tables, const json& parent, const json& branch,
                                      const std::vector<RowChange>& changes, const json& after) {
  std::vector<std::string> out;
  for (const auto& t : tables) {
    auto want = Rows(t, parent), br = Rows(t, branch), got = Rows(t, after);
    for (const auto& rc : changes) {
      if (rc.table != t.qualified()) continue;
      std::string k = RowKey(t, rc.key);
      if (rc.action == "delete") {
        want.erase(k);
      } else if (rc.action == "insert") {
        want[k] = br[k];
      } else {
        for (const auto& f : rc.fields) want[k][f] = Field(br[k], f);
      }
    }
    std::set<std::string> keys;
    for (const auto* m : {&want, &got}) {
      for (const auto& [k, v] : *m) keys.insert(k);
    }
    for (const auto& k : keys) {
      auto w = want.find(k), g = got.find(k);
      std::string what = "config " + t.qualified() + " " + k;
      if (w == want.end()) {
        out.push_back(what + " (not expected)");
      } else if (g == got.end()) {
        out.push_back(what + " (missing)");
      } else if (w->second != g->second) {
        std::set<std::string> cols;
        for (const json* r : {&w->second, &g->second}) {
          for (const auto& [c, v] : r->items()) cols.insert(c);
        }
        std::vector<std::string> differ;
        for (const auto& c : cols) {
          if (Field(w->second, c) != Field(g->second, c)) differ.push_back(c);
        }
        out.push_back(what + " (differs: " + Names(differ) + ")");
      }
    }
  }
  return out;
}

}  // namespace graft::merge
