// graft/schema/fields.h: the model's fields, declared once as data.
//
// defs/model_fields.json lists, for every object kind, every field introspect
// writes into an Object's `def`: its JSON type and how a three-way merge
// combines it (scalar, set, list, map). This module parses that declaration
// (embedded in the binary at build time) and checks objects against it.
//
// Pure: no I/O (the declaration is compiled in). DeclaredFields() is built
// once, on first use, and is read-only afterwards: safe from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::schema {

// How a three-way merge combines a field (see defs/model_fields.json).
enum class MergeRule : uint8_t {
  kScalar,  // the whole value
  kSet,     // unordered array: both sides' additions and removals combine
  kList,    // ordered array: both sides' insertions combine, keeping order
  kMap,     // object: entries merge one by one as scalars
};

const char* MergeRuleName(MergeRule rule);

struct FieldSpec {
  std::string name;
  std::string type;       // string, bool, integer, string[], array, object
  bool nullable = false;  // declared with a trailing ?
  bool optional = false;  // present only for some objects of the kind
  MergeRule merge = MergeRule::kScalar;
  std::string item_key;   // list of objects: the member naming an item
};

class ModelFields {
 public:
  // Parses a declaration ({"version":1,"kinds":{kind:{field:{type,merge,...}}}}).
  // Throws graft::Error(kUsage) naming what is malformed, an unknown kind
  // included; every schema::ObjectKind must be declared.
  static ModelFields Parse(const nlohmann::json& doc);

  // The field's declaration, or nullptr when `kind` does not declare it.
  const FieldSpec* Find(ObjectKind kind, const std::string& field) const;
  // Every declared field of `kind`, by name (empty when none).
  const std::map<std::string, FieldSpec>& Of(ObjectKind kind) const;

  // What is wrong with one object's def: an undeclared field, a value of the
  // wrong type, and (with `require_all`) a missing required field. One line
  // each, naming the object and the field; empty when the object matches the
  // declaration. Hand-built models in tests leave fields out: they are
  // checked with require_all = false.
  std::vector<std::string> Check(const Object& object, bool require_all = true) const;
  // Check() of every object of a model.
  std::vector<std::string> Check(const Schema& schema, bool require_all = true) const;

 private:
  std::map<ObjectKind, std::map<std::string, FieldSpec>> kinds_;
};

// Every ObjectKind, in enum order (each one defs/model_fields.json must declare).
std::vector<ObjectKind> EveryKind();

// The declaration embedded from defs/model_fields.json.
const ModelFields& DeclaredFields();

// Whether `value` has the declared JSON type of `spec` (null only when nullable).
bool MatchesType(const FieldSpec& spec, const nlohmann::json& value);

}  // namespace graft::schema
