#include "introspect/queries.h"

#include "common/error.h"
#include "embedded.h"

namespace graft::introspect {

const std::vector<std::string>& QueryNames() {
  static const std::vector<std::string> names = {
      "namespaces", "extensions", "collations",      "types",     "relations",  "columns",  "sequences",
      "constraints", "indexes",   "functions",       "triggers",  "policies",   "rules",    "statistics",
      "default_acls", "kinds_present", "publications", "event_triggers", "foreign_data_wrappers", "foreign_servers",
      "user_mappings", "casts", "unsupported", "catalog_classes", "extension_members", "depends", "comments",
  };
  return names;
}

std::string Query(std::string_view name) {
  std::string path = "sql/introspect/" + std::string(name) + ".sql";
  std::string_view text = embedded::Get(path);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    Fail(ErrorKind::kInternal, "introspect query " + path + " is not embedded or is empty",
         "rebuild graft: the file must exist under sql/introspect/");
  }
  return std::string(text);
}

}  // namespace graft::introspect
