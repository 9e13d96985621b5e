#include "schema/model.h"

#include <type_traits>

#include "common/crypto.h"
#include "common/error.h"
#include "schema/sql.h"

namespace graft::schema {

namespace {

struct KindInfo {
  ObjectKind kind;
  const char* name;
};

constexpr KindInfo kKinds[] = {
    {ObjectKind::kRole, "role"},
    {ObjectKind::kSchema, "schema"},
    {ObjectKind::kExtension, "extension"},
    {ObjectKind::kType, "type"},
    {ObjectKind::kDomain, "domain"},
    {ObjectKind::kSequence, "sequence"},
    {ObjectKind::kTable, "table"},
    {ObjectKind::kColumn, "column"},
    {ObjectKind::kConstraint, "constraint"},
    {ObjectKind::kIndex, "index"},
    {ObjectKind::kView, "view"},
    {ObjectKind::kMaterializedView, "materialized view"},
    {ObjectKind::kFunction, "function"},
    {ObjectKind::kProcedure, "procedure"},
    {ObjectKind::kAggregate, "aggregate"},
    {ObjectKind::kTrigger, "trigger"},
    {ObjectKind::kPolicy, "policy"},
    {ObjectKind::kDefaultPrivileges, "default privileges"},
    {ObjectKind::kStatistics, "statistics"},
    {ObjectKind::kRule, "rule"},
    {ObjectKind::kCollation, "collation"},
    {ObjectKind::kPublication, "publication"},
    {ObjectKind::kEventTrigger, "event trigger"},
    {ObjectKind::kForeignDataWrapper, "foreign-data wrapper"},
    {ObjectKind::kForeignServer, "server"},
    {ObjectKind::kUserMapping, "user mapping"},
    {ObjectKind::kCast, "cast"},
};

}  // namespace

const char* KindName(ObjectKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

std::optional<ObjectKind> KindFromName(const std::string& name) {
  for (const auto& k : kKinds) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

std::string ObjectId::Key() const {
  std::string k = KindName(kind);
  k += ':';
  if (!schema.empty()) k += schema + ".";
  if (!table.empty()) k += table + ".";
  k += name;
  if (!args.empty() || kind == ObjectKind::kFunction || kind == ObjectKind::kProcedure ||
      kind == ObjectKind::kAggregate) {
    k += "(" + args + ")";
  }
  return k;
}

std::string ObjectId::Display() const {
  std::string d;
  if (!schema.empty()) d += QuoteIdent(schema) + ".";
  if (!table.empty()) d += QuoteIdent(table) + ".";
  d += QuoteIdent(name);
  if (kind == ObjectKind::kFunction || kind == ObjectKind::kProcedure || kind == ObjectKind::kAggregate) {
    d += "(" + args + ")";
  } else if (kind == ObjectKind::kDefaultPrivileges) {
    d += " on " + args;
  }
  return d;
}

namespace {

// Model version 1 hashed the definition as it was, so a null field and an
// absent one gave different fingerprints although diff::Diff holds them equal.
std::string FingerprintV1(const nlohmann::json& def) { return Sha256Hex(def.dump()); }

}  // namespace

std::string Object::Fingerprint() const {
  // Null fields are left out, so a field added to the model as null keeps
  // every existing fingerprint, and equal-by-Diff is equal-by-fingerprint.
  if (!def.is_object()) return Sha256Hex(def.dump());
  bool has_null = false;
  for (const auto& [k, v] : def.items()) has_null |= v.is_null();
  if (!has_null) return Sha256Hex(def.dump());
  nlohmann::json d = nlohmann::json::object();
  for (const auto& [k, v] : def.items()) {
    if (!v.is_null()) d[k] = v;
  }
  return Sha256Hex(d.dump());
}

Object& Schema::Put(Object object) { return PutEntry(std::move(object)).second; }

Schema::Entry& Schema::PutEntry(Object object) {
  std::string key = object.id.Key();
  auto [it, inserted] = objects_.insert_or_assign(std::move(key), std::move(object));
  (void)inserted;
  return *it;
}

Schema::Entry* Schema::FindEntry(const std::string& key) {
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : &*it;
}

const Object* Schema::Find(const std::string& key) const {
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : &it->second;
}

Object* Schema::FindMutable(const std::string& key) {
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : &it->second;
}

const Object* Schema::FindRelation(const std::string& schema, const std::string& name) const {
  for (ObjectKind k : {ObjectKind::kTable, ObjectKind::kView, ObjectKind::kMaterializedView}) {
    ObjectId id{k, schema, "", name, ""};
    if (const Object* o = Find(id)) return o;
  }
  return nullptr;
}

bool Schema::Remove(const std::string& key) { return objects_.erase(key) > 0; }

std::vector<const Object*> Schema::ColumnsOf(const Object& relation) const {
  std::vector<const Object*> out;
  if (!relation.def.contains("columns")) return out;
  for (const auto& c : relation.def["columns"]) {
    ObjectId id{ObjectKind::kColumn, relation.id.schema, relation.id.name, c.get<std::string>(), ""};
    if (const Object* o = Find(id)) out.push_back(o);
  }
  return out;
}

std::vector<ObjectSummary> ListObjects(const Schema& schema) {
  std::vector<ObjectSummary> out;
  out.reserve(schema.size());
  for (const auto& [key, obj] : schema.objects()) out.push_back({obj.id, key, obj.Fingerprint()});
  return out;
}

std::string SchemaFingerprint(const Schema& schema) {
  std::string all;
  for (const auto& [key, obj] : schema.objects()) {
    all += key;
    all += '\n';
    all += obj.Fingerprint();
    all += '\n';
  }
  return Sha256Hex(all);
}

nlohmann::json ToJson(const Schema& schema) {
  nlohmann::json objs = nlohmann::json::array();
  for (const auto& [key, obj] : schema.objects()) {
    objs.push_back({{"kind", KindName(obj.id.kind)},
                    {"schema", obj.id.schema},
                    {"table", obj.id.table},
                    {"name", obj.id.name},
                    {"args", obj.id.args},
                    {"key", key},
                    {"fingerprint", obj.Fingerprint()},
                    {"def", obj.def},
                    {"deps", obj.deps}});
    if (!obj.identity.empty()) objs.back()["identity"] = obj.identity;
  }
  return {{"version", kModelVersion},
          {"server_version", schema.server_version},
          {"current_user", schema.current_user},
          {"cluster_roles", schema.cluster_roles},
          {"unsupported", schema.unsupported},
          {"objects", objs}};
}

namespace {

// The body of both FromJson overloads: Json is `const nlohmann::json` (values
// are copied out) or `nlohmann::json` (definitions are moved out of the
// document, which the caller gives up).
template <class Json>
Schema FromJsonImpl(Json& j) {
  auto bad = [](const std::string& what) -> void {
    Fail(ErrorKind::kUsage, "malformed schema model: " + what);
  };
  if (!j.is_object()) bad("not a JSON object");
  const int version = j.value("version", 0);
  if (version != 1 && version != kModelVersion) bad("unsupported version (want 1 or " + std::to_string(kModelVersion) + ")");
  if (!j.contains("objects") || !j["objects"].is_array()) bad("no objects array");
  Schema s;
  try {
    s.server_version = j.value("server_version", 0);
    s.current_user = j.value("current_user", std::string());
    if (j.contains("unsupported")) s.unsupported = j["unsupported"].template get<std::vector<std::string>>();
    if (j.contains("cluster_roles")) s.cluster_roles = j["cluster_roles"].template get<std::vector<std::string>>();
    auto str = [](const nlohmann::json& o, const char* field) -> std::string {
      auto it = o.find(field);
      return it == o.end() ? std::string() : it->template get<std::string>();
    };
    for (auto& o : j["objects"]) {
      const std::string& kind_name = o.at("kind").template get_ref<const std::string&>();
      auto kind = KindFromName(kind_name);
      if (!kind) bad("unknown object kind " + kind_name);
      Object obj;
      obj.id = ObjectId{*kind, str(o, "schema"), str(o, "table"), o.at("name").template get<std::string>(),
                        str(o, "args")};
      if (auto d = o.find("def"); d != o.end()) {
        if constexpr (std::is_const_v<Json>) {
          obj.def = *d;
        } else {
          obj.def = std::move(*d);
        }
      }
      if (!obj.def.is_object()) bad("def of " + obj.id.Key() + " is not an object");
      if (auto d = o.find("deps"); d != o.end()) obj.deps = d->template get<std::vector<std::string>>();
      obj.identity = str(o, "identity");
      std::string key = obj.id.Key();
      if (auto k = o.find("key"); k != o.end() && k->template get_ref<const std::string&>() != key) {
        bad("key " + k->template get<std::string>() + " does not match its identity " + key);
      }
      if (auto f = o.find("fingerprint"); f != o.end() &&
          f->template get_ref<const std::string&>() != (version == 1 ? FingerprintV1(obj.def) : obj.Fingerprint())) {
        bad("fingerprint of " + key + " does not match its definition");
      }
      if (s.Find(key)) bad("duplicate object " + key);
      s.Put(std::move(obj));
    }
  } catch (const nlohmann::json::exception& e) {
    bad(e.what());
  }
  return s;
}

}  // namespace

Schema FromJson(const nlohmann::json& j) { return FromJsonImpl(j); }

Schema FromJson(nlohmann::json&& j) { return FromJsonImpl(j); }

}  // namespace graft::schema
