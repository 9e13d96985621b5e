// graft/merge/bodies.h: function bodies that would name a renamed object by
// its old name after the merge. Internal to merge/; pure, thread-safe.
//
// Postgres keeps a view, a default or a policy as a parse tree, so a rename
// reaches them; a function body (other than a SQL-standard one) is text, and
// a rename leaves it naming the old object. So the merge compares bodies as
// each side has them (merge.cc renames only a function's header: arguments,
// result), except in a function the branch adds, whose qualified names of
// objects the parent renamed are rewritten as in any definition. Whether an
// unqualified name resolves to the renamed object depends on the search_path
// and on the body's own variables and aliases, so unqualified names are
// never rewritten: a body of the merged result that names a renamed object
// by its old name is a conflict that says so, never a broken body on the
// parent. What counts as naming it:
//   a relation, type, function... s.x: `s.x`, or `x` unqualified when the
//     function's search_path holds `s` (no SET search_path: `s` is public);
//   a schema s: `s.` anywhere;
//   a column c of table s.t: `c` (bare or after a dot: new.c, t.c) in a body
//     that also names the table (`t` or `s.t`), or runs as a trigger on it.
// Checked: every function of the result against the branch's renames, the
// functions the branch brings against the parent's (the parent's own
// functions and renames are its own business).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::merge {

struct BodyRename {
  schema::ObjectId old_id;  // as in the merge base
  schema::ObjectId new_id;  // in the merged result
  bool by_branch = false;   // else by the parent
};

// A function or procedure of the merged result, with its definition there.
struct BodySource {
  schema::ObjectId id;      // in the merged result
  std::string definition;   // pg_get_functiondef text
  bool from_branch = false;  // the branch brings it (added or changed)
  std::vector<std::string> trigger_tables;  // "schema.table" of the result's triggers that run it
};

struct StaleBody {
  schema::ObjectId function;
  std::string reason;
};

// `exists`: whether the merged result has an object with this key (an old
// name reused by another object is no stale reference).
std::vector<StaleBody> StaleBodies(const std::vector<BodySource>& functions, const std::vector<BodyRename>& renames,
                                   const std::function<bool(const std::string&)>& exists);

}  // namespace graft::merge
