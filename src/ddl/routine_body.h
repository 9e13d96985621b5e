// graft/ddl/routine_body.h: what a LANGUAGE sql routine's body names.
//
// Postgres records no dependencies for a LANGUAGE sql body given as a string
// (`AS $$ ... $$`); SQL-standard bodies (BEGIN ATOMIC, RETURN) are in pg_depend
// already. The planner orders a routine's CREATE after what its body names
// when the plan creates that too. The body is read with the Postgres parser
// itself (libpg-query, PG15 grammar): relations are its RangeVars, routines
// its function calls (FuncCall, CALL).
//
// Pure (no I/O); thread-safe.
#pragma once

#include <string>
#include <vector>

#include "schema/model.h"

namespace graft::ddl {

struct BodyName {
  std::string schema;  // "" when the body does not qualify the name
  std::string name;
  bool operator==(const BodyName&) const = default;
};

struct BodyNames {
  std::vector<BodyName> relations;
  std::vector<BodyName> routines;
  // The routine's own `SET search_path` (how its unqualified names resolve); empty when none.
  std::vector<std::string> search_path;
};

// Names in the body of the routine `create_sql` (a CREATE FUNCTION or CREATE
// PROCEDURE statement as pg_get_functiondef prints it). Empty unless it is
// LANGUAGE sql with a string body that parses.
BodyNames SqlBodyNames(const std::string& create_sql);

// Keys of the objects in `schema` that routine `routine`'s body names:
// relations (table, view, materialized view) and routines (every overload of
// a name), qualified names as written, unqualified ones through the routine's
// search_path, else its own schema and public. The routine itself is left out.
std::vector<std::string> BodyDependencies(const schema::Schema& schema, const schema::Object& routine);

}  // namespace graft::ddl
