// The schema three-way merge. Objects are matched across base, parent and
// branch by catalog identity (then by key), each matched triple ("entity")
// gets its id in the target (each part of the id from the side that renamed
// it), every definition is rewritten to the target's names, and definitions
// merge field by field (fields_merge.h). Dependency conflicts are checked on
// the result.
#include "merge/merge.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "ddl/rename.h"
#include "merge/bodies.h"
#include "merge/fields_merge.h"
#include "merge/names.h"

namespace graft::merge {

using nlohmann::json;
using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::Schema;

json Conflict::ToJson() const {
  return {{"kind", kind}, {"object", object}, {"reason", reason}, {"t0", t0},
          {"parent", parent}, {"branch", branch}, {"hint", hint}};
}

namespace {

const char* kHint = "make both sides agree (change the parent or reset the branch), then merge again";

bool IsChild(ObjectKind k) {
  return k == ObjectKind::kColumn || k == ObjectKind::kConstraint || k == ObjectKind::kTrigger ||
         k == ObjectKind::kPolicy || k == ObjectKind::kRule;
}
bool IsRelation(ObjectKind k) {
  return k == ObjectKind::kTable || k == ObjectKind::kView || k == ObjectKind::kMaterializedView;
}

// One object across the three states.
struct Entity {
  const Object* b = nullptr;
  const Object* p = nullptr;
  const Object* r = nullptr;
  // Their keys in their schemas (the maps' own keys: not computed again).
  const std::string* bk = nullptr;
  const std::string* pk = nullptr;
  const std::string* rk = nullptr;
  ObjectId final;
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::vector<Entity> Match(const Schema& base, const Schema& parent, const Schema& branch) {
  using Index = std::unordered_map<std::string_view, std::pair<const Object*, const std::string*>>;
  auto index = [](const Schema& s) {
    Index m;
    m.reserve(s.size());
    for (const auto& [k, o] : s.objects()) {
      if (!o.identity.empty()) m[o.identity] = {&o, &k};
    }
    return m;
  };
  auto pi = index(parent), ri = index(branch);
  // Counterparts already claimed, with their keys.
  std::unordered_map<const Object*, const std::string*> used_p, used_r;
  // The counterpart of base object `o` (at key `key`) on one side: by
  // identity when both carry one, else by key (an object at o's key with
  // another identity was re-created: not a counterpart).
  auto find = [&](const std::string& key, const Object& o, const Schema& side, const Index& idx,
                  std::unordered_map<const Object*, const std::string*>& used,
                  const std::string*& found_key) -> const Object* {
    const Object* c = nullptr;
    const std::string* ck = nullptr;
    if (!o.identity.empty()) {
      auto it = idx.find(o.identity);
      if (it != idx.end() && it->second.first->id.kind == o.id.kind) {
        c = it->second.first;
        ck = it->second.second;
      }
    }
    if (!c) {
      auto it = side.objects().find(key);
      if (it != side.objects().end() && (it->second.identity.empty() || o.identity.empty())) {
        c = &it->second;
        ck = &it->first;
      }
    }
    if (c && !used.emplace(c, ck).second) return nullptr;
    found_key = c ? ck : nullptr;
    return c;
  };
  std::vector<Entity> out;
  out.reserve(base.size() + parent.size() / 8 + branch.size() / 8);
  // Objects with an identity claim their counterparts first.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [k, o] : base.objects()) {
      if (o.identity.empty() != (pass == 1)) continue;
      Entity e;
      e.b = &o;
      e.bk = &k;
      e.p = find(k, o, parent, pi, used_p, e.pk);
      e.r = find(k, o, branch, ri, used_r, e.rk);
      out.push_back(e);
    }
  }
  // Objects new on a side; new on both sides match by key only.
  std::unordered_map<std::string_view, size_t> parent_new;
  for (const auto& [k, o] : parent.objects()) {
    if (used_p.count(&o)) continue;
    Entity e;
    e.p = &o;
    e.pk = &k;
    parent_new[k] = out.size();
    out.push_back(e);
  }
  for (const auto& [k, o] : branch.objects()) {
    if (used_r.count(&o)) continue;
    auto it = parent_new.find(k);
    if (it != parent_new.end()) {
      out[it->second].r = &o;
      out[it->second].rk = &k;
      continue;
    }
    Entity e;
    e.r = &o;
    e.rk = &k;
    out.push_back(e);
  }
  return out;
}

// Renames seen from one side: that side's ids -> ids in the target, indexed
// so that rewriting one object looks only at the renames that can touch it.
struct SideNames {
  using Rel = std::pair<std::string, std::string>;  // (schema, relation)
  std::map<std::string, std::string> schemas;        // old name -> new name
  std::map<Rel, ObjectId> relations;                 // (schema, name) -> target id
  std::vector<std::pair<ObjectId, ObjectId>> renames;  // every id that changes, old -> new
  // old key -> new key; both point into the merged schemas' keys and the
  // target keys, which outlive these names.
  std::unordered_map<std::string_view, const std::string*> keys;
  std::map<Rel, std::vector<size_t>> columns_by_rel;   // column renames (own name) by their relation
  std::unordered_map<std::string, size_t> columns_by_key;
  std::unordered_map<std::string, size_t> own;         // index/trigger/rule renamed (its own CREATE names it)
  std::vector<size_t> index_or_constraint;             // renamed indexes and constraints (clustered_on...)
  std::vector<size_t> named;                           // renamed objects of a schema (qualified names)

  // `from_key`, `to_key`: from.Key() and to.Key().
  void Add(const ObjectId& from, const std::string& from_key, const ObjectId& to, const std::string& to_key) {
    keys[from_key] = &to_key;
    if (from == to) return;
    size_t i = renames.size();
    renames.push_back({from, to});
    if (from.kind == ObjectKind::kSchema) schemas[from.name] = to.name;
    if (IsRelation(from.kind)) relations[{from.schema, from.name}] = to;
    if (from.name == to.name) return;
    if (from.kind == ObjectKind::kColumn) {
      columns_by_rel[{from.schema, from.table}].push_back(i);
      columns_by_key[from_key] = i;
    }
    if (from.kind == ObjectKind::kIndex || from.kind == ObjectKind::kTrigger || from.kind == ObjectKind::kRule) {
      own[from_key] = i;
    }
    if (from.kind == ObjectKind::kIndex || from.kind == ObjectKind::kConstraint) index_or_constraint.push_back(i);
    if (!IsChild(from.kind) && from.kind != ObjectKind::kSchema) named.push_back(i);
  }
  // The target id of an object only this side has.
  ObjectId Rekey(ObjectId id) const {
    if (IsChild(id.kind)) {
      auto it = relations.find({id.schema, id.table});
      if (it != relations.end()) {
        id.schema = it->second.schema;
        id.table = it->second.name;
        return id;
      }
    }
    auto s = schemas.find(id.schema);
    if (s != schemas.end()) id.schema = s->second;
    return id;
  }
  const std::string& Key(const std::string& k) const {
    auto it = keys.find(k);
    return it == keys.end() ? k : *it->second;
  }
};

// Fields holding SQL text (names inside are renamed); the rest are names
// (handled one by one below), labels, options or free text (comments).
const std::set<std::string>& SqlFields() {
  static const std::set<std::string> f = {"definition", "default", "generated", "using", "with_check",
                                          "partition_key", "partition_bound", "type", "base_type", "result",
                                          "arguments", "subtype", "sfunc", "stype", "finalfunc", "combinefunc",
                                          "constraints", "attributes"};
  return f;
}

using TextFn = std::function<std::string(const std::string&)>;

void EachSqlString(json& def, const TextFn& fn, bool columns_too) {
  for (auto& [k, v] : def.items()) {
    if (!SqlFields().count(k)) continue;
    if (k == "type" && !columns_too) continue;  // a constraint's 'p', a column's type: never a column name
    if (v.is_string()) {
      v = fn(v.get<std::string>());
    } else if (k == "constraints" && v.is_object()) {
      for (auto& [n, c] : v.items()) {
        if (c.is_string()) c = fn(c.get<std::string>());
      }
    } else if (k == "attributes" && v.is_array()) {
      for (auto& a : v) {
        if (a.is_object() && a.contains("type") && a["type"].is_string()) a["type"] = fn(a["type"].get<std::string>());
      }
    }
  }
}

// `def` (o's definition, or a part of it) under the target's names, given
// the renames of o's side.
json RewriteNames(const Object& o, json def, const SideNames& names) {
  if (names.renames.empty()) return def;
  // Column renames that can reach o: on its relation (o is a child of it, an
  // index on it, the relation itself, a sequence owned by it) or used by it.
  std::set<size_t> cols;
  auto on = [&](const std::string& sch, const std::string& rel) {
    auto it = names.columns_by_rel.find({sch, rel});
    if (it != names.columns_by_rel.end()) cols.insert(it->second.begin(), it->second.end());
  };
  if (!names.columns_by_rel.empty()) {
    if (!o.id.table.empty()) on(o.id.schema, o.id.table);
    if (IsRelation(o.id.kind)) on(o.id.schema, o.id.name);
    if (o.id.kind == ObjectKind::kIndex && def.contains("table") && def["table"].is_string()) {
      on(o.id.schema, def["table"].get<std::string>());
    }
    if (def.contains("owned_by") && def["owned_by"].is_array() && def["owned_by"].size() == 3) {
      on(def["owned_by"][0].get<std::string>(), def["owned_by"][1].get<std::string>());
    }
    for (const auto& d : o.deps) {
      auto it = names.columns_by_key.find(d);
      if (it != names.columns_by_key.end()) cols.insert(it->second);
    }
  }
  for (size_t i : cols) {
    const auto& [from, to] = names.renames[i];
    bool self = IsRelation(o.id.kind) && o.id.schema == from.schema && o.id.name == from.table;
    bool keep = (o.id.kind == ObjectKind::kView || o.id.kind == ObjectKind::kMaterializedView) &&
                def.contains("columns") &&
                std::find(def["columns"].begin(), def["columns"].end(), json(from.name)) != def["columns"].end();
    EachSqlString(
        def, [&](const std::string& s) { return RenameColumn(s, from.schema, from.table, from.name, to.name, keep); },
        false);
    if (self && def.contains("columns") && o.id.kind == ObjectKind::kTable) {
      for (auto& c : def["columns"]) {
        if (c == from.name) c = to.name;
      }
    }
    if (def.contains("owned_by") && def["owned_by"] == json::array({from.schema, from.table, from.name})) {
      def["owned_by"][2] = to.name;
    }
  }
  if (auto it = names.own.empty() ? names.own.end() : names.own.find(o.id.Key()); it != names.own.end()) {
    const auto& [from, to] = names.renames[it->second];
    if (def.contains("definition") && def["definition"].is_string()) {
      def["definition"] = RenameFirst(def["definition"].get<std::string>(), from.name, to.name);
    }
  }
  if (o.id.kind == ObjectKind::kTable) {
    for (size_t i : names.index_or_constraint) {
      const auto& [from, to] = names.renames[i];
      if (def.contains("clustered_on") && def["clustered_on"] == from.name) def["clustered_on"] = to.name;
      if (def.contains("replica_identity") && def["replica_identity"] == "index " + from.name) {
        def["replica_identity"] = "index " + to.name;
      }
    }
  }
  // Names of objects in a schema (relations, types, functions...).
  for (size_t i : names.named) {
    const auto& [from, to] = names.renames[i];
    EachSqlString(def, [&](const std::string& s) { return RenameQualified(s, from.schema, from.name, to.name); }, true);
    if (IsRelation(from.kind)) {
      json pair = json::array({from.schema, from.name});
      if (def.contains("partition_of") && def["partition_of"] == pair) def["partition_of"][1] = to.name;
      if (def.contains("inherits") && def["inherits"].is_array()) {
        for (auto& x : def["inherits"]) {
          if (x == pair) x[1] = to.name;
        }
      }
      if (def.contains("owned_by") && def["owned_by"].is_array() && def["owned_by"].size() == 3 &&
          def["owned_by"][0] == from.schema && def["owned_by"][1] == from.name) {
        def["owned_by"][1] = to.name;
      }
      if (o.id.kind == ObjectKind::kIndex && o.id.schema == from.schema && def.value("table", "") == from.name) {
        def["table"] = to.name;
      }
    }
  }
  for (const auto& [old_name, new_name] : names.schemas) {
    EachSqlString(def, [&](const std::string& s) { return RenameSchemaQualifier(s, old_name, new_name); }, true);
    for (const char* f : {"partition_of", "owned_by"}) {
      if (def.contains(f) && def[f].is_array() && !def[f].empty() && def[f][0] == old_name) def[f][0] = new_name;
    }
    if (def.contains("inherits") && def["inherits"].is_array()) {
      for (auto& x : def["inherits"]) {
        if (x.is_array() && !x.empty() && x[0] == old_name) x[0] = new_name;
      }
    }
    if (o.id.kind == ObjectKind::kExtension && def.value("schema", "") == old_name) def["schema"] = new_name;
  }
  return def;
}

// The same, where a function's body stays as written (Postgres does not
// rewrite it on a rename; merge/bodies.h) unless `body_too`.
json Rewrite(const Object& o, const SideNames& names, bool body_too = false) {
  bool function = o.id.kind == ObjectKind::kFunction || o.id.kind == ObjectKind::kProcedure;
  if (body_too || !function || names.renames.empty() || !o.def.contains("definition") ||
      !o.def["definition"].is_string()) {
    return RewriteNames(o, o.def, names);
  }
  const std::string& text = o.def["definition"].get_ref<const std::string&>();
  size_t at = FunctionBodyStart(text);
  if (at == std::string::npos) return RewriteNames(o, o.def, names);
  json header = o.def;
  header["definition"] = text.substr(0, at);
  json def = RewriteNames(o, std::move(header), names);
  def["definition"] = def["definition"].get<std::string>() + text.substr(at);
  return def;
}

Object Place(const Object& o, const ObjectId& id, json def, const SideNames& names) {
  Object out;
  out.id = id;
  out.def = std::move(def);
  out.identity = o.identity;
  for (const auto& d : o.deps) out.deps.push_back(names.Key(d));
  std::sort(out.deps.begin(), out.deps.end());
  out.deps.erase(std::unique(out.deps.begin(), out.deps.end()), out.deps.end());
  return out;
}

json DefOrNull(const Object* o) { return o ? o->def : json(nullptr); }

// Fields whose change on the parent breaks what the branch builds on it.
bool Incompatible(ObjectKind k, const std::vector<std::string>& changed) {
  static const std::map<ObjectKind, std::set<std::string>> kFields = {
      {ObjectKind::kColumn, {"type", "collation", "generated"}},
      {ObjectKind::kFunction, {"arguments", "result"}},
      {ObjectKind::kProcedure, {"arguments"}},
      {ObjectKind::kType, {"labels", "attributes", "subtype", "type"}},
      {ObjectKind::kDomain, {"base_type"}},
      {ObjectKind::kView, {"columns"}},
      {ObjectKind::kMaterializedView, {"columns"}},
  };
  auto it = kFields.find(k);
  if (it == kFields.end()) return false;
  for (const auto& f : changed) {
    if (it->second.count(f)) return true;
  }
  return false;
}

// Bodies of the result naming a renamed object by its old name (merge/bodies.h).
void StaleBodyConflicts(const std::vector<Entity>& ents, const std::unordered_map<std::string_view, size_t>& by_final,
                        const std::map<std::string, size_t>& branch_touched, const Schema& target,
                        const std::function<void(const Entity&, const ObjectId&, const std::string&)>& conflict) {
  std::vector<BodyRename> renames;
  for (const auto& e : ents) {
    if (!(e.b && e.p && e.r)) continue;
    auto moved = [&](const Object* s) {
      return s->id.name != e.b->id.name || s->id.schema != e.b->id.schema || s->id.table != e.b->id.table;
    };
    if (moved(e.r)) renames.push_back({e.b->id, e.final, true});
    if (moved(e.p)) renames.push_back({e.b->id, e.final, false});
  }
  if (renames.empty()) return;
  std::map<std::string, std::vector<std::string>> triggers_of;  // function key -> "schema.table" it runs on
  for (const auto& [k, o] : target.objects()) {
    if (o.id.kind != ObjectKind::kTrigger) continue;
    for (const auto& d : o.deps) triggers_of[d].push_back(o.id.schema + "." + o.id.table);
  }
  std::vector<BodySource> functions;
  for (const auto& [key, o] : target.objects()) {
    if (o.id.kind != ObjectKind::kFunction && o.id.kind != ObjectKind::kProcedure) continue;
    if (!by_final.count(key) || !o.def.contains("definition") || !o.def["definition"].is_string()) continue;
    functions.push_back({o.id, o.def["definition"].get<std::string>(), branch_touched.count(key) > 0, triggers_of[key]});
  }
  auto exists = [&](const std::string& k) { return target.Find(k) != nullptr; };
  for (const auto& s : StaleBodies(functions, renames, exists)) {
    conflict(ents[by_final.at(s.function.Key())], s.function, s.reason);
  }
}

}  // namespace

SchemaMerge MergeSchemas(const Schema& base, const Schema& parent, const Schema& branch) {
  SchemaMerge out;
  for (Schema* s : {&out.from, &out.target}) {
    s->unsupported = parent.unsupported;
    s->current_user = parent.current_user;
    s->cluster_roles = parent.cluster_roles;
    s->server_version = parent.server_version;
  }
  std::vector<Entity> ents = Match(base, parent, branch);
  std::set<std::pair<std::string, std::string>> seen_conflicts;
  auto conflict = [&](const Entity& e, const ObjectId& id, const std::string& reason) {
    if (!seen_conflicts.insert({id.Key(), reason}).second) return;
    Conflict c;
    c.kind = schema::KindName(id.kind);
    c.object = id.Display();
    c.reason = reason;
    c.t0 = DefOrNull(e.b);
    c.parent = DefOrNull(e.p);
    c.branch = DefOrNull(e.r);
    c.hint = kHint;
    out.conflicts.push_back(std::move(c));
  };

  // Target ids of objects on all three sides: each part from the side that changed it.
  std::vector<bool> name_clash(ents.size(), false);
  for (size_t i = 0; i < ents.size(); ++i) {
    Entity& e = ents[i];
    if (e.b && e.p && e.r) {
      const ObjectId &b = e.b->id, &p = e.p->id, &r = e.r->id;
      e.final = p;
      if (r.schema != b.schema) e.final.schema = r.schema;
      if (r.table != b.table) e.final.table = r.table;
      if (r.name != b.name) e.final.name = r.name;
      if (r.args != b.args) e.final.args = r.args;
      if (p.name != b.name && r.name != b.name && p.name != r.name) name_clash[i] = true;
      if (!IsChild(b.kind) && p.schema != b.schema && r.schema != b.schema && p.schema != r.schema) name_clash[i] = true;
    }
  }
  std::vector<std::string> final_keys(ents.size());
  SideNames bn, pn, rn;
  for (size_t i = 0; i < ents.size(); ++i) {
    const Entity& e = ents[i];
    if (!(e.b && e.p && e.r)) continue;
    final_keys[i] = e.final.Key();
    bn.Add(e.b->id, *e.bk, e.final, final_keys[i]);
    pn.Add(e.p->id, *e.pk, e.final, final_keys[i]);
    rn.Add(e.r->id, *e.rk, e.final, final_keys[i]);
  }
  for (size_t i = 0; i < ents.size(); ++i) {
    Entity& e = ents[i];
    if (e.b && e.p && e.r) continue;
    if (e.p) {
      e.final = pn.Rekey(e.p->id);
    } else if (e.r) {
      e.final = rn.Rekey(e.r->id);
    } else {
      e.final = bn.Rekey(e.b->id);
    }
    final_keys[i] = e.final.Key();
    if (e.p) pn.keys[*e.pk] = &final_keys[i];
    if (e.r) rn.keys[*e.rk] = &final_keys[i];
    if (e.b) bn.keys[*e.bk] = &final_keys[i];
  }

  // What the branch added or changed (final key -> entity index), for the dependency checks.
  std::map<std::string, size_t> branch_touched;
  std::unordered_map<std::string_view, size_t> by_final;  // views of final_keys
  std::map<std::string, std::vector<std::string>> parent_changed;  // final key -> fields the parent changed
  std::set<std::string> parent_dropped, branch_dropped;           // final keys

  std::vector<size_t> order(ents.size());
  for (size_t i = 0; i < ents.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return final_keys[a] < final_keys[b]; });

  for (size_t i : order) {
    const Entity& e = ents[i];
    const std::string& fk = final_keys[i];
    by_final[fk] = i;
    json bd = e.b ? Rewrite(*e.b, bn) : json(nullptr);
    json pd = e.p ? Rewrite(*e.p, pn) : json(nullptr);
    json rd = e.r ? Rewrite(*e.r, rn, !e.b && !e.p) : json(nullptr);
    auto own_renamed = [&](const Object* side) {
      return side && e.b && (side->id.name != e.b->id.name || (!IsChild(side->id.kind) && side->id.schema != e.b->id.schema));
    };
    bool branch_renamed = own_renamed(e.r), parent_renamed = own_renamed(e.p);
    if (e.p) out.from.Put(Place(*e.p, e.final, pd, pn));
    if (e.b && e.p && e.r) {
      if (name_clash[i]) {
        conflict(e, e.b->id, "renamed on both sides differently (parent: " + e.p->id.Display() + "; branch: " +
                                 e.r->id.Display() + ")");
        out.target.Put(Place(*e.p, e.final, pd, pn));
        continue;
      }
      DefMerge m;
      bool unchanged = rd == bd && pd == bd;  // the common case: nobody changed it
      if (!unchanged) m = MergeDefs(e.b->id.kind, bd, pd, rd);
      if (!m.parent_changed.empty()) parent_changed[fk] = m.parent_changed;
      if (!m.conflicts.empty()) {
        conflict(e, e.final, "changed on both sides differently (parent: " + Join(m.parent_changed) + "; branch: " +
                                 Join(m.branch_changed) + "; both: " + Join(m.conflicts) + ")");
        out.target.Put(Place(*e.p, e.final, pd, pn));
        continue;
      }
      bool branch_def = !m.branch_changed.empty();
      bool altered = branch_def && m.def != pd;
      if (unchanged) {
        out.target.Put(Place(*e.p, e.final, std::move(pd), pn));
      } else {
        out.target.Put(branch_def ? Place(*e.r, e.final, std::move(m.def), rn) : Place(*e.p, e.final, std::move(m.def), pn));
      }
      if (branch_renamed) {
        // Where the statements run, earlier renames (schemas, then relations) already happened.
        ObjectId before = e.p->id;
        if (!IsChild(before.kind)) {
          auto s = pn.schemas.find(before.schema);
          if (s != pn.schemas.end()) before.schema = s->second;
        }
        auto sql = ddl::RenameSql(before, e.final);
        if (!sql) {
          conflict(e, e.final, "renamed on the branch in a way graft cannot replay");
          continue;
        }
        Rename rn_out{e.p->id, e.final, ""};
        for (const auto& s : *sql) rn_out.sql += (rn_out.sql.empty() ? "" : "\n") + s;
        if (!rn_out.sql.empty()) {
          out.renames.push_back(std::move(rn_out));
          out.changes.push_back({schema::KindName(e.final.kind), e.final.Display(), "rename"});
        }
      }
      if (altered) {
        branch_touched[fk] = i;
        out.changes.push_back({schema::KindName(e.final.kind), e.final.Display(), "alter"});
      }
    } else if (e.b && e.p) {  // the branch dropped it
      if (pd != bd || parent_renamed) {
        conflict(e, e.final, "changed on the parent, dropped on the branch");
        out.target.Put(Place(*e.p, e.final, pd, pn));
        continue;
      }
      branch_dropped.insert(fk);
      out.changes.push_back({schema::KindName(e.final.kind), e.final.Display(), "drop"});
    } else if (e.b && e.r) {  // the parent dropped it
      parent_dropped.insert(fk);
      if (rd != bd || branch_renamed) conflict(e, e.final, "dropped on the parent, changed on the branch");
    } else if (e.p && e.r) {  // added on both sides
      if (pd != rd) {
        std::vector<std::string> differ;
        for (const auto& [f, v] : pd.items()) {
          if (!rd.contains(f) || rd[f] != v) differ.push_back(f);
        }
        for (const auto& [f, v] : rd.items()) {
          if (!pd.contains(f)) differ.push_back(f);
        }
        conflict(e, e.final, "added on both sides with different definitions (" + Join(differ) + ")");
      }
      out.target.Put(Place(*e.p, e.final, std::move(pd), pn));
    } else if (e.p) {
      out.target.Put(Place(*e.p, e.final, std::move(pd), pn));
    } else if (e.r) {
      out.target.Put(Place(*e.r, e.final, std::move(rd), rn));
      branch_touched[fk] = i;
      out.changes.push_back({schema::KindName(e.final.kind), e.final.Display(), "add"});
    } else if (e.b) {
      parent_dropped.insert(fk);
      branch_dropped.insert(fk);
    }
  }
  // Renames run schemas first, then what lives in a schema, then what lives in a relation.
  auto rank = [](const Rename& r) { return r.to.kind == ObjectKind::kSchema ? 0 : IsChild(r.to.kind) ? 2 : 1; };
  std::stable_sort(out.renames.begin(), out.renames.end(), [&](const Rename& a, const Rename& b) { return rank(a) < rank(b); });

  // Dependency conflicts.
  for (const auto& [key, obj] : out.target.objects()) {
    auto fi = by_final.find(key);
    if (fi == by_final.end()) continue;
    const Entity& e = ents[fi->second];
    bool from_branch = branch_touched.count(key) > 0;
    for (const auto& dep : obj.deps) {
      if (out.target.Find(dep)) {
        auto pc = parent_changed.find(dep);
        auto de = by_final.find(dep);
        if (from_branch && pc != parent_changed.end() && de != by_final.end() &&
            Incompatible(ents[de->second].final.kind, pc->second)) {
          conflict(e, e.final, "the branch's " + e.final.Display() + " uses " + ents[de->second].final.Display() +
                                   ", which the parent changed (" + Join(pc->second) + ")");
        }
        continue;
      }
      std::string dep_name = dep;
      if (auto de = by_final.find(dep); de != by_final.end()) dep_name = ents[de->second].final.Display();
      if (from_branch && parent_dropped.count(dep)) {
        conflict(e, e.final, "the branch's " + e.final.Display() + " depends on " + dep_name + ", which the parent dropped");
      } else if (branch_dropped.count(dep)) {
        conflict(e, e.final, e.final.Display() + " on the parent depends on " + dep_name + ", which the branch dropped");
      } else if (from_branch) {
        conflict(e, e.final, "the branch's " + e.final.Display() + " depends on " + dep_name + ", which the merge does not have");
      }
    }
    // Names in its definition that the dependencies do not list.
    if (!from_branch) continue;
    std::string text;
    json def_copy = obj.def;
    EachSqlString(
        def_copy,
        [&](const std::string& s) {
          text += s;
          text += '\n';
          return s;
        },
        true);
    for (const auto& dk : parent_dropped) {
      if (std::find(obj.deps.begin(), obj.deps.end(), dk) != obj.deps.end()) continue;  // reported above
      const Entity& d = ents[by_final[dk]];
      if (IsChild(d.final.kind) || d.final.kind == ObjectKind::kSchema || d.final.kind == ObjectKind::kRole) continue;
      if (MentionsQualified(text, d.final.schema, d.final.name)) {
        conflict(e, e.final, "the branch's " + e.final.Display() + " names " + d.final.Display() + ", which the parent dropped");
      }
    }
  }
  StaleBodyConflicts(ents, by_final, branch_touched, out.target, conflict);
  return out;
}

}  // namespace graft::merge
