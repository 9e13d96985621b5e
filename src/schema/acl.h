// graft/schema/acl.h: normalised privileges. Postgres stores privileges as
// aclitem arrays ("alice=arw*/owner"); the model keeps them as a sorted list of
// "grantee=PRIVILEGE" strings ("alice=SELECT", "PUBLIC=EXECUTE", with a
// trailing '*' when grantable), without grantors, so that two databases with
// the same effective privileges compare equal. Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

namespace graft::schema {

struct AclEntry {
  std::string grantee;    // role name, or "PUBLIC"
  std::string privilege;  // "SELECT", "EXECUTE", ...
  bool grantable = false;
  std::string ToString() const;  // "alice=SELECT" / "alice=SELECT*"
};

// Parses aclitem text forms; unparseable items are skipped. Result sorted and
// de-duplicated, as strings.
std::vector<std::string> NormalizeAcl(const std::vector<std::string>& aclitems);
// Parses one normalised string back.
AclEntry ParseAclEntry(const std::string& normalised);

}  // namespace graft::schema
