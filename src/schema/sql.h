// graft/schema/sql.h: SQL text helpers shared by the pure modules (quoting
// identifiers and literals the way Postgres prints them). Pure, thread-safe.
#pragma once

#include <string>

namespace graft::schema {

// "users" -> users, "My Table" -> "My Table", "select" -> "select" quoted.
std::string QuoteIdent(const std::string& ident);
// it's -> 'it''s' (E'' form when the value has a backslash).
std::string QuoteLiteral(const std::string& value);
// schema.name with each part quoted when needed; just name when schema is empty.
std::string QualifiedName(const std::string& schema, const std::string& name);

}  // namespace graft::schema
