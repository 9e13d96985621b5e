// graft/introspect/kinds.h: reading the database-wide kinds (publications,
// event triggers, foreign-data wrappers, foreign servers, user mappings,
// casts) for introspect.cc. Not a public header: include introspect.h.
//
// Each reader runs one catalog query (sql/introspect/<family>.sql; none when
// kinds_present.sql found its catalog empty) in the caller's transaction and returns the objects with the catalog addresses
// that stand for them, so the caller can translate pg_depend and
// pg_description rows (its Map()); it does no other I/O.
#pragma once

#include <string>
#include <vector>

#include "pg/conn.h"
#include "schema/model.h"

namespace graft::introspect::internal {

// A catalog address (catalog name, oid) standing for an object.
struct CatalogAddr {
  std::string cls;
  std::string oid;
};

struct FoundObject {
  schema::Object object;
  // addrs[0] is the object's own address (its identity, its comment);
  // the others are auxiliary rows (pg_publication_rel, ...).
  std::vector<CatalogAddr> addrs;
  // Roles the definition names (owner, mapped user).
  std::vector<std::string> roles;
};

// The catalog queries ReadDatabaseKinds runs (sql/introspect/<name>.sql):
// kinds_present first, then each of the others whose catalog has rows.
inline constexpr const char* kDatabaseKindQueries[] = {"kinds_present",   "publications",  "event_triggers",
                                                       "foreign_data_wrappers", "foreign_servers", "user_mappings",
                                                       "casts"};

// Every object of the database-wide kinds, in a stable order.
std::vector<FoundObject> ReadDatabaseKinds(pg::Conn& conn);

// The option list of a foreign object as stored ("name=value" items, in
// order), from the JSON array a query returns (empty for NULL).
std::vector<std::string> OptionList(const std::optional<std::string>& json_text);

}  // namespace graft::introspect::internal
