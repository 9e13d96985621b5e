// graft/schema/model.h: the schema model, a pure value describing everything
// graft knows about a database schema.
//
// A Schema is a set of Objects keyed by identity. An identity (ObjectId) is a
// kind plus a qualified name plus, for functions, the identity arguments; for
// objects that live inside a relation (columns, constraints, triggers,
// policies) the relation's name is part of the identity too. Each Object
// carries a normalised definition (`def`, a JSON object whose fields are declared
// per kind, with their types and merge rules, in defs/model_fields.json; see
// schema/fields.h) and a fingerprint: the lowercase sha256 hex of the
// definition serialised with sorted keys. Two objects with equal identities
// and equal fingerprints are the same object for diff and merge purposes.
//
// `deps` lists the identities (Key()) of other objects in the same Schema that
// this object depends on (from pg_depend plus the definitions); it is not part
// of the fingerprint.
//
// Values only: no I/O, no globals. Thread-safety: like any standard container
// (concurrent reads are fine, writes need exclusive access).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace graft::schema {

enum class ObjectKind : uint8_t {
  kRole,
  kSchema,
  kExtension,
  kType,              // enum, composite or range (def.type says which)
  kDomain,
  kSequence,
  kTable,
  kColumn,            // a column of a table, view or materialized view
  kConstraint,        // table constraint (def.type p/u/c/f/x)
  kIndex,
  kView,
  kMaterializedView,
  kFunction,
  kProcedure,
  kAggregate,
  kTrigger,
  kPolicy,
  kDefaultPrivileges,
  kStatistics,        // CREATE STATISTICS objects
  kRule,
  kCollation,
  kPublication,       // database-wide; def.tables / def.schemas name what it publishes
  kEventTrigger,      // database-wide
  kForeignDataWrapper,
  kForeignServer,
  kUserMapping,       // table = the server, name = the user ("public" for PUBLIC)
  kCast,              // name = "source AS target" (format_type of each)
};

// Stable lowercase names used in JSON and output ("table", "materialized view").
const char* KindName(ObjectKind kind);
// Inverse of KindName; nullopt when unknown.
std::optional<ObjectKind> KindFromName(const std::string& name);

struct ObjectId {
  ObjectKind kind = ObjectKind::kTable;
  std::string schema;  // namespace; empty for roles, schemas, extensions
  std::string table;   // owning relation for columns, constraints, triggers, policies
  std::string name;    // the object's own name
  std::string args;    // identity arguments of functions ("integer, text"); default privileges: object type

  // Unique, stable string form: "table:public.users", "column:public.users.id",
  // "function:public.f(integer)". Used as map key and in deps.
  std::string Key() const;
  // Human form for messages and plan output, with identifiers quoted as SQL
  // would need them ("public.users.id", "public.f(integer)").
  std::string Display() const;
  bool operator==(const ObjectId&) const = default;
};

struct Object {
  ObjectId id;
  nlohmann::json def = nlohmann::json::object();
  std::vector<std::string> deps;  // keys of objects this one depends on
  // Catalog identity where introspect knows it: "<catalog>:<oid>:<subid>"
  // ("pg_class:16384:0", a column "pg_class:16384:3"). Equal on a parent and
  // a branch cloned from it for every object that existed at the clone, so
  // the merge recognises renames exactly. Not part of the fingerprint.
  std::string identity;

  // sha256 hex of def.dump() (sorted keys, so stable) with null top-level
  // fields left out: a null field and an absent one are the same, as for
  // diff::Diff (model version 2; version 1 hashed nulls too).
  std::string Fingerprint() const;
};

// A row of ListObjects().
struct ObjectSummary {
  ObjectId id;
  std::string key;
  std::string fingerprint;
};

class Schema {
 public:
  // Inserts or replaces the object with the same identity.
  Object& Put(Object object);
  const Object* Find(const std::string& key) const;
  Object* FindMutable(const std::string& key);
  const Object* Find(const ObjectId& id) const { return Find(id.Key()); }
  // The table, view or materialized view named schema.name, if any.
  const Object* FindRelation(const std::string& schema, const std::string& name) const;
  bool Remove(const std::string& key);
  // The stored (key, object) pair, for a reader building a large model that
  // keeps pointers into it: both stay where they are until the object is
  // removed (a Put of the same identity replaces the object in place).
  using Entry = std::pair<const std::string, Object>;
  Entry& PutEntry(Object object);
  Entry* FindEntry(const std::string& key);
  const std::map<std::string, Object>& objects() const { return objects_; }
  // Calls fn(key, object) for every object in key order; fn may change the
  // object but not its id (its key).
  template <class Fn>
  void ForEachMutable(Fn&& fn) {
    for (auto& [k, o] : objects_) fn(k, o);
  }
  size_t size() const { return objects_.size(); }

  // Columns of relation schema.name in their position order (from def.columns
  // of the relation).
  std::vector<const Object*> ColumnsOf(const Object& relation) const;

  // Object kinds found in the database that graft does not model, as
  // human-readable lines ("base type public.t"). Reported, never ignored.
  std::vector<std::string> unsupported;
  // Role the model was read as (informational; not part of any fingerprint).
  std::string current_user;
  // Every role of the cluster the model was read from (informational: lets a
  // plan skip CREATE ROLE for roles that exist there; not fingerprinted).
  std::vector<std::string> cluster_roles;
  // Server version number (150004), 0 when unknown.
  int server_version = 0;

 private:
  std::map<std::string, Object> objects_;
};

// Every object, sorted by key, with its fingerprint.
std::vector<ObjectSummary> ListObjects(const Schema& schema);
// A fingerprint of the whole model (sha256 of keys and object fingerprints).
std::string SchemaFingerprint(const Schema& schema);

// Version of the JSON form written by ToJson. 2: fingerprints leave null
// fields out (1: they did not; FromJson still reads version 1 documents,
// verifying their fingerprints the version-1 way, so T0 records written
// before stay readable).
inline constexpr int kModelVersion = 2;

// JSON form: {"version":2, "server_version":..., "current_user":...,
//   "unsupported":[...], "objects":[{"kind","schema","table","name","args",
//   "key","fingerprint","def","deps"}...]} (objects sorted by key).
nlohmann::json ToJson(const Schema& schema);
// Inverse of ToJson. Throws graft::Error(kUsage) on malformed input, naming
// what is wrong. Fingerprints in the input are recomputed, and a mismatch is
// an error (the document was edited or corrupted).
Schema FromJson(const nlohmann::json& j);
// The same, moving the definitions out of `j` (cheaper for a large model;
// `j` is left unspecified).
Schema FromJson(nlohmann::json&& j);

}  // namespace graft::schema
