#include "schema/fields.h"

#include "common/error.h"
#include "embedded.h"

namespace graft::schema {

using nlohmann::json;

const char* MergeRuleName(MergeRule rule) {
  switch (rule) {
    case MergeRule::kScalar: return "scalar";
    case MergeRule::kSet: return "set";
    case MergeRule::kList: return "list";
    case MergeRule::kMap: return "map";
  }
  return "scalar";
}

namespace {

[[noreturn]] void Bad(const std::string& what) {
  Fail(ErrorKind::kUsage, "malformed model field declaration: " + what);
}

MergeRule RuleFromName(const std::string& kind, const std::string& field, const std::string& name) {
  for (MergeRule r : {MergeRule::kScalar, MergeRule::kSet, MergeRule::kList, MergeRule::kMap}) {
    if (name == MergeRuleName(r)) return r;
  }
  Bad(kind + "." + field + ": unknown merge rule " + name);
}

}  // namespace

std::vector<ObjectKind> EveryKind() {
  // The enum is dense from 0 and KindName names every member ("unknown" past the last).
  std::vector<ObjectKind> out;
  for (int i = 0; std::string(KindName(static_cast<ObjectKind>(i))) != "unknown"; ++i) {
    out.push_back(static_cast<ObjectKind>(i));
  }
  return out;
}

bool MatchesType(const FieldSpec& spec, const json& value) {
  if (value.is_null()) return spec.nullable;
  if (spec.type == "string") return value.is_string();
  if (spec.type == "bool") return value.is_boolean();
  if (spec.type == "integer") return value.is_number_integer();
  if (spec.type == "object") return value.is_object();
  if (spec.type == "array") return value.is_array();
  if (spec.type == "string[]") {
    if (!value.is_array()) return false;
    for (const auto& e : value) {
      if (!e.is_string()) return false;
    }
    return true;
  }
  return false;
}

ModelFields ModelFields::Parse(const json& doc) {
  if (!doc.is_object() || doc.value("version", 0) != 1) Bad("want an object with \"version\": 1");
  if (!doc.contains("kinds") || !doc["kinds"].is_object()) Bad("no \"kinds\" object");
  ModelFields out;
  for (const auto& [kind_name, fields] : doc["kinds"].items()) {
    auto kind = KindFromName(kind_name);
    if (!kind) Bad("unknown kind " + kind_name);
    if (!fields.is_object()) Bad(kind_name + " is not an object");
    auto& specs = out.kinds_[*kind];
    for (const auto& [name, f] : fields.items()) {
      if (!f.is_object() || !f.contains("type") || !f["type"].is_string()) Bad(kind_name + "." + name + ": no type");
      FieldSpec s;
      s.name = name;
      s.type = f["type"].get<std::string>();
      if (!s.type.empty() && s.type.back() == '?') {
        s.nullable = true;
        s.type.pop_back();
      }
      if (s.type != "string" && s.type != "bool" && s.type != "integer" && s.type != "object" && s.type != "array" &&
          s.type != "string[]") {
        Bad(kind_name + "." + name + ": unknown type " + s.type);
      }
      s.merge = RuleFromName(kind_name, name, f.value("merge", std::string("scalar")));
      s.optional = f.value("optional", false);
      s.item_key = f.value("item_key", std::string());
      if ((s.merge == MergeRule::kSet || s.merge == MergeRule::kList) && s.type != "string[]" && s.type != "array") {
        Bad(kind_name + "." + name + ": a " + MergeRuleName(s.merge) + " must be an array");
      }
      if (s.merge == MergeRule::kMap && s.type != "object") Bad(kind_name + "." + name + ": a map must be an object");
      specs[name] = std::move(s);
    }
  }
  for (ObjectKind k : EveryKind()) {
    if (!out.kinds_.count(k)) Bad(std::string("kind ") + KindName(k) + " is not declared");
  }
  return out;
}

const FieldSpec* ModelFields::Find(ObjectKind kind, const std::string& field) const {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return nullptr;
  auto f = k->second.find(field);
  return f == k->second.end() ? nullptr : &f->second;
}

const std::map<std::string, FieldSpec>& ModelFields::Of(ObjectKind kind) const {
  static const std::map<std::string, FieldSpec> kNone;
  auto k = kinds_.find(kind);
  return k == kinds_.end() ? kNone : k->second;
}

std::vector<std::string> ModelFields::Check(const Object& object, bool require_all) const {
  std::vector<std::string> out;
  const std::string who = object.id.Key();
  if (!object.def.is_object()) return {who + ": def is not an object"};
  for (const auto& [name, value] : object.def.items()) {
    const FieldSpec* s = Find(object.id.kind, name);
    if (!s) {
      out.push_back(who + ": field " + name + " is not declared for kind " + KindName(object.id.kind));
    } else if (!MatchesType(*s, value)) {
      out.push_back(who + ": field " + name + " is " + value.dump() + ", declared " + s->type + (s->nullable ? "?" : ""));
    }
  }
  for (const auto& [name, s] : Of(object.id.kind)) {
    if (require_all && !s.optional && !object.def.contains(name)) out.push_back(who + ": required field " + name + " is missing");
  }
  return out;
}

std::vector<std::string> ModelFields::Check(const Schema& schema, bool require_all) const {
  std::vector<std::string> out;
  for (const auto& [key, o] : schema.objects()) {
    auto p = Check(o, require_all);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

const ModelFields& DeclaredFields() {
  static const ModelFields fields = [] {
    std::string_view text = embedded::Get("defs/model_fields.json");
    if (text.empty()) Bad("defs/model_fields.json is not embedded");
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) Bad("defs/model_fields.json is not valid JSON");
    return ModelFields::Parse(doc);
  }();
  return fields;
}

}  // namespace graft::schema
