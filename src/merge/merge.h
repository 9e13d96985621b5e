// graft/merge/merge.h: the three-way merge of a branch into its parent.
//
// Three states: `base` (the merge base: T0 at branch create, or what the
// last successful merge of this branch applied), `parent` (the parent now)
// and `branch` (the branch now). What only the branch changed is taken into
// the merged target; what only the parent changed is kept; what both changed
// to the same result is nothing to do; what both changed differently is a
// Conflict, and any conflict blocks the merge.
//
// Objects are matched across the three states by catalog identity
// (schema::Object::identity) where both ends carry one, so a rename on either
// side is a rename, not a drop and an add; objects without a shared identity
// (created after the branch was made) are matched by key. An object whose key
// exists on a side with another identity was re-created there: drop + add.
//
// Definitions merge field by field with the rules declared in
// defs/model_fields.json (schema/fields.h): scalars whole, sets (acl, policy
// roles, options) item by item, ordered lists (a table's columns, an enum's
// labels, a composite's attributes) keeping both sides' insertions, maps (a
// domain's constraints) entry by entry. Each part of an object's name comes
// from the side that renamed it; names inside definitions (qualified
// relation, type, function names; a renamed column's references in the
// objects on or using its table) are rewritten, quoting-aware (merge/names.h),
// so every comparison and the plan see one set of names.
//
// Conflicts (each names the object, and the fields where fields matter):
// "changed on both sides differently (parent: f..; branch: f..; both: f..)",
// "added on both sides with different definitions (f..)", "changed on the
// parent, dropped on the branch", "dropped on the parent, changed on the
// branch", "renamed on both sides differently (parent: ..; branch: ..)" (named as in
// the base),
// and dependency conflicts naming both objects: "the branch's X depends on
// Y, which the parent dropped", "the branch's X uses Y, which the parent
// changed (type)" (a column's type/collation/generation, a function's
// signature, a type's values or attributes, a view's columns), "the branch's
// X names Y, which the parent dropped" (a name in a definition that pg_depend
// does not track, as in function bodies), "X on the parent depends on Y,
// which the branch dropped".
//
// Pure: no I/O, deterministic, thread-safe (no shared state). The engine
// (engine/merge.cc) reads the three states, calls these functions, renders
// the schema part with ddl::BuildPlan(result.from, result.target) preceded by
// result.renames, and applies everything in one transaction.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::merge {

// One reason the merge cannot proceed, with the three definitions so that a
// reviewer sees what each side did (null where the object is absent).
struct Conflict {
  std::string kind;    // schema::KindName ("table", "column"), or "config", "migration"
  std::string object;  // display name ("public.users.email", "auth.providers github")
  std::string reason;  // "changed on both sides differently (parent: type; branch: type, default)"
  nlohmann::json t0 = nullptr;
  nlohmann::json parent = nullptr;
  nlohmann::json branch = nullptr;
  std::string hint;
  nlohmann::json ToJson() const;  // {"kind","object","reason","t0","parent","branch","hint"}
};

// A rename the branch made, as SQL that runs on the parent before the rest of
// the plan. SchemaMerge::renames are in the order they must run: schemas,
// then what lives in a schema, then what lives in a relation.
struct Rename {
  schema::ObjectId from;  // identity on the parent now
  schema::ObjectId to;    // identity in the target
  std::string sql;        // "ALTER TABLE public.a RENAME COLUMN x TO y;" (a move to another schema:
                          // "ALTER ... SET SCHEMA s2;\nALTER ... RENAME TO b;", one statement a line)
};

// What the branch brought, one row per object, for the summary and --json.
struct Change {
  std::string kind;    // schema::KindName
  std::string object;  // display name in the target
  std::string action;  // add, alter, drop, rename (an object renamed and altered has both rows)
};

struct SchemaMerge {
  // The parent now with the branch's renames applied (keys, and the names
  // inside definitions): what the plan starts from after the renames ran.
  schema::Schema from;
  // `from` plus everything only the branch changed: what the parent must
  // equal after the merge.
  schema::Schema target;
  std::vector<Rename> renames;
  std::vector<Change> changes;
  std::vector<Conflict> conflicts;
};

SchemaMerge MergeSchemas(const schema::Schema& base, const schema::Schema& parent, const schema::Schema& branch);

// A platform config table as the merge needs it (from defs/platform_tables.json
// through platform::Registry(); plain data so this module stays pure).
struct ConfigTable {
  std::string schema;
  std::string table;
  std::vector<std::string> key;           // natural key columns
  std::vector<std::string> volatile_cols;  // never conflict, never copied
  std::vector<std::string> secret_cols;    // applied, never shown
  std::string qualified() const { return schema + "." + table; }
};

// One row the merge adds, changes or deletes on the parent. An update writes
// only the fields the branch changed (the parent's own changes to other
// fields of the row stay); a conflict is a field both sides changed
// differently (a row the parent changed and the branch deleted, or the
// reverse, is one too).
struct RowChange {
  std::string table;     // "auth.providers"
  nlohmann::json key;    // {"name": "github"}
  std::string action;    // insert, update, delete
  std::vector<std::string> fields;  // columns written (update: only those the branch changed)
  std::string sql;       // the statement to run (secret values included)
  std::string shown_sql; // the same with secret values as '<redacted>'
  bool redacted = false; // shown_sql differs from sql
};

struct ConfigMerge {
  std::vector<RowChange> changes;  // in table order of `tables`, then key order
  std::vector<Conflict> conflicts;
};

// base/parent/branch: {"schema.table": [row objects as row_to_json gives them]}
// for every table in `tables` (a missing table reads as no rows). Rows are
// matched on the natural key and merged field by field; volatile columns are
// ignored; a secret changed on both sides differently is a conflict that shows
// neither value.
ConfigMerge MergeConfig(const std::vector<ConfigTable>& tables, const nlohmann::json& base,
                        const nlohmann::json& parent, const nlohmann::json& branch);

// The verification of the config rows before commit: the rows of `tables`
// the parent must hold once `changes` ran on `parent` (the parent's rows with
// the branch's inserts, field updates and deletes, volatile columns ignored),
// compared with `after` (the parent re-read inside the apply transaction).
// One line per row that differs, naming the table, the key and the fields,
// never the values: 'config auth.providers {"name":"github"} (differs:
// client_id)', '... (missing)', '... (not expected)'. Empty: all equal.
std::vector<std::string> VerifyConfig(const std::vector<ConfigTable>& tables, const nlohmann::json& parent,
                                      const nlohmann::json& branch, const std::vector<RowChange>& changes,
                                      const nlohmann::json& after);

}  // namespace graft::merge
