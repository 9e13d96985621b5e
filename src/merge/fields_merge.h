// graft/merge/fields_merge.h: the three-way merge of one object's definition,
// field by field, by the rules declared in defs/model_fields.json (see
// schema/fields.h). Internal to merge/; pure, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::merge {

struct DefMerge {
  nlohmann::json def;                   // the merged definition (the parent's where a field conflicts)
  std::vector<std::string> conflicts;   // fields changed on both sides in ways that do not combine
  std::vector<std::string> parent_changed;  // fields the parent changed
  std::vector<std::string> branch_changed;  // fields the branch changed
};

// base/parent/branch: the three definitions of one object of kind `kind`, all
// under the same names. A field absent and a field null are equal.
DefMerge MergeDefs(schema::ObjectKind kind, const nlohmann::json& base, const nlohmann::json& parent,
                   const nlohmann::json& branch);

// The three-way merge of an ordered array (item_key: the member naming an
// item of an array of objects; empty: the item itself). Items the branch
// inserted go after the item preceding them in the branch, after what the
// parent inserted at the same place. False (and *out untouched) when both
// sides reordered, or changed the same item differently.
bool MergeList(const nlohmann::json& base, const nlohmann::json& parent, const nlohmann::json& branch,
               const std::string& item_key, nlohmann::json* out);
// The three-way merge of an unordered array: the parent's items, minus what
// the branch removed, plus what it added.
nlohmann::json MergeSet(const nlohmann::json& base, const nlohmann::json& parent, const nlohmann::json& branch);

}  // namespace graft::merge
