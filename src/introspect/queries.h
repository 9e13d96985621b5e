// graft/introspect/queries.h: introspect's catalog queries.
//
// Each query is a file of its own, sql/introspect/<name>.sql, embedded into
// the binary at build time (cmake/embed.cmake), so the SQL graft runs is the
// SQL a developer can run by hand with psql (each file's header says how, and
// what its $1 is). The reader (introspect.cc) runs them by name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace graft::introspect {

// Every catalog query's name ("types" for sql/introspect/types.sql), in the
// order the reader runs them.
const std::vector<std::string>& QueryNames();

// The text of query `name`. Throws Error(kInternal) when the file is not
// embedded or is empty (a build problem): an empty query is never run.
std::string Query(std::string_view name);

}  // namespace graft::introspect
