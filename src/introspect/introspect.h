// graft/introspect/introspect.h: reads a live database's catalogs into a
// schema::Schema.
//
// A fixed handful of set-based catalog queries (one per object family, not one
// per object), run in one read-only REPEATABLE READ transaction with an empty
// search_path so every name Postgres prints comes out schema-qualified.
// Objects that belong to an extension are left out (the extension itself is
// modelled). Kinds graft does not model are listed in Schema::unsupported.
//
// Throws graft::Error(kDatabase) when a query fails or the server is not
// PostgreSQL 15. Not thread-safe with respect to `conn` (one caller at a time).
#pragma once

#include <string>
#include <vector>

#include "pg/conn.h"
#include "schema/model.h"

namespace graft::introspect {

struct Options {
  // Only these schemas (empty: every schema but the excluded ones).
  std::vector<std::string> include_schemas;
  // Never these schemas, in addition to pg_catalog, information_schema,
  // pg_toast* and pg_temp* which are always excluded.
  std::vector<std::string> exclude_schemas;
  // Read inside the caller's open transaction (which then sees its own
  // uncommitted changes) instead of a read-only transaction of its own; the
  // caller's search_path is restored afterwards.
  bool in_transaction = false;
};

// Whether schema `name` is modelled under `opts`.
bool SchemaIncluded(const std::string& name, const Options& opts);

graft::schema::Schema Introspect(graft::pg::Conn& conn, const Options& opts);

}  // namespace graft::introspect
