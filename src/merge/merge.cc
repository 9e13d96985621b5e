// First cut of the three-way merge: whole objects matched by key, whole
// config rows matched by natural key. Field-level merging, identity-based
// renames and dependency conflicts replace this (see merge.h).
#include "merge/merge.h"

#include <map>
#include <set>

#include "schema/sql.h"

namespace graft::merge {

using nlohmann::json;
using schema::Object;
using schema::Schema;

json Conflict::ToJson() const {
  return {{"kind", kind}, {"object", object}, {"reason", reason}, {"t0", t0},
          {"parent", parent}, {"branch", branch}, {"hint", hint}};
}

namespace {

json DefOrNull(const Object* o) { return o ? o->def : json(nullptr); }
std::string Fp(const Object* o) { return o ? o->Fingerprint() : std::string(); }

}  // namespace

SchemaMerge MergeSchemas(const Schema& base, const Schema& parent, const Schema& branch) {
  SchemaMerge out;
  out.from = parent;
  out.target = parent;
  std::set<std::string> keys;
  for (const auto* s : {&base, &parent, &branch}) {
    for (const auto& [k, o] : s->objects()) keys.insert(k);
  }
  for (const auto& k : keys) {
    const Object* b0 = base.Find(k);
    const Object* p = parent.Find(k);
    const Object* br = branch.Find(k);
    std::string f0 = Fp(b0), fp = Fp(p), fb = Fp(br);
    if (fb == f0) continue;   // the branch did not touch it
    if (fp == fb) continue;   // both sides reached the same result
    const Object* any = br ? br : (p ? p : b0);
    if (fp != f0) {
      Conflict c;
      c.kind = schema::KindName(any->id.kind);
      c.object = any->id.Display();
      c.reason = "changed on both sides differently";
      c.t0 = DefOrNull(b0);
      c.parent = DefOrNull(p);
      c.branch = DefOrNull(br);
      c.hint = "make both sides agree (change the parent or reset the branch), then merge again";
      out.conflicts.push_back(std::move(c));
      continue;
    }
    if (br) {
      out.target.Put(*br);
      out.changes.push_back({schema::KindName(br->id.kind), br->id.Display(), b0 ? "alter" : "add"});
    } else {
      out.target.Remove(k);
      out.changes.push_back({schema::KindName(b0->id.kind), b0->id.Display(), "drop"});
    }
  }
  return out;
}

namespace {

std::string RowKey(const ConfigTable& t, const json& row) {
  json k = json::object();
  for (const auto& c : t.key) k[c] = row.contains(c) ? row[c] : json(nullptr);
  return k.dump();
}

// The row without volatile columns (what is compared).
json Stable(const ConfigTable& t, const json& row) {
  json r = row;
  for (const auto& c : t.volatile_cols) r.erase(c);
  return r;
}

std::map<std::string, json> Rows(const ConfigTable& t, const json& doc) {
  std::map<std::string, json> out;
  if (!doc.is_object() || !doc.contains(t.qualified())) return out;
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
  for (const auto& c : t.secret_cols) {
    if (row.contains(c) && !row[c].is_null()) row[c] = "<redacted>";
  }
  return row;
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
    std::string qt = schema::QualifiedName(t.schema, t.table);
    for (const auto& k : keys) {
      auto get = [&](const std::map<std::string, json>& m) { auto it = m.find(k); return it == m.end() ? json(nullptr) : it->second; };
      json v0 = get(b0), vp = get(p), vb = get(br);
      if (vb == v0 || vb == vp) continue;
      json key = json::parse(k);
      if (vp != v0) {
        Conflict c;
        c.kind = "config";
        c.object = t.qualified() + " " + key.dump();
        c.reason = "row changed on both sides differently";
        c.t0 = v0.is_null() ? v0 : Redact(t, v0);
        c.parent = vp.is_null() ? vp : Redact(t, vp);
        c.branch = vb.is_null() ? vb : Redact(t, vb);
        out.conflicts.push_back(std::move(c));
        continue;
      }
      RowChange rc;
      rc.table = t.qualified();
      rc.key = key;
      auto render = [&](const json& row) {
        if (vb.is_null()) return "DELETE FROM " + qt + " WHERE " + Where(t, key) + ";";
        std::string cols;
        for (const auto& [c, v] : row.items()) cols += (cols.empty() ? "" : ", ") + schema::QuoteIdent(c);
        std::string lit = schema::QuoteLiteral(row.dump()) + "::jsonb";
        if (v0.is_null()) {
          return "INSERT INTO " + qt + " (" + cols + ") SELECT " + cols + " FROM jsonb_populate_record(NULL::" + qt + ", " + lit + ");";
        }
        return "UPDATE " + qt + " SET (" + cols + ") = (SELECT " + cols + " FROM jsonb_populate_record(NULL::" + qt + ", " +
               lit + ")) WHERE " + Where(t, key) + ";";
      };
      rc.action = vb.is_null() ? "delete" : (v0.is_null() ? "insert" : "update");
      if (!vb.is_null()) {
        for (const auto& [c, v] : vb.items()) rc.fields.push_back(c);
      }
      rc.sql = render(vb);
      rc.shown_sql = vb.is_null() ? rc.sql : render(Redact(t, vb));
      rc.redacted = rc.shown_sql != rc.sql;
      out.changes.push_back(std::move(rc));
    }
  }
  return out;
}

}  // namespace graft::merge
