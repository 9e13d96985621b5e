// graft/diff/diff.h: compares two schema models object by object.
//
// Diff(from, to) returns the typed change set that turns `from` into `to`: one
// Change per identity that is only in `from` (kDrop), only in `to` (kAdd), or
// in both with different fingerprints (kAlter, with the names of the
// definition fields that differ). Roles only in `from` are not changes (a diff
// never drops roles). Changes are sorted by key.
//
// Pure and deterministic. The Change pointers point into the two Schemas passed
// in, which must outlive the ChangeSet.
#pragma once

#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::diff {

enum class ChangeType { kAdd, kDrop, kAlter };

struct Change {
  ChangeType type = ChangeType::kAlter;
  schema::ObjectId id;
  const schema::Object* from = nullptr;  // null for kAdd
  const schema::Object* to = nullptr;    // null for kDrop
  std::vector<std::string> fields;       // kAlter: top-level def keys that differ
  std::string key() const { return id.Key(); }
};

struct ChangeSet {
  std::vector<Change> changes;
  bool empty() const { return changes.empty(); }
};

ChangeSet Diff(const schema::Schema& from, const schema::Schema& to);

// True when def fields other than `ignored` are equal.
bool SameExcept(const nlohmann::json& a, const nlohmann::json& b, const std::vector<std::string>& ignored);

}  // namespace graft::diff
