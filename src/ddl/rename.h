// graft/ddl/rename.h: the SQL that renames (or moves to another schema) one
// modelled object, for the merge's renames.
//
// RenameSql(before, after) renders the statements that turn object `before`
// (its identity as it is on the database when the statements run) into
// `after` (same kind): `ALTER TABLE ... RENAME TO`, `ALTER TABLE ... RENAME
// COLUMN`, `RENAME CONSTRAINT`, `ALTER INDEX ... RENAME TO`, views,
// materialized views, sequences, types, domains, functions, procedures,
// aggregates, schemas, collations, statistics, policies, triggers and rules.
// A schema change comes first (`SET SCHEMA`), then the rename. For objects
// inside a relation (columns, constraints, policies, triggers, rules) the
// relation is named as in `after` (the relation's own rename runs first).
// Returns an empty vector when nothing differs, nullopt when Postgres cannot
// rename that kind (roles are never renamed by graft, extensions and default
// privileges have no name of their own).
//
// Pure: no I/O, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::ddl {

std::optional<std::vector<std::string>> RenameSql(const schema::ObjectId& before, const schema::ObjectId& after);

}  // namespace graft::ddl
