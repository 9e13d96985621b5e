#include "schema/acl.h"

#include <algorithm>
#include <set>

namespace graft::schema {

namespace {

const char* PrivilegeName(char c) {
  switch (c) {
    case 'r': return "SELECT";
    case 'w': return "UPDATE";
    case 'a': return "INSERT";
    case 'd': return "DELETE";
    case 'D': return "TRUNCATE";
    case 'x': return "REFERENCES";
    case 't': return "TRIGGER";
    case 'X': return "EXECUTE";
    case 'U': return "USAGE";
    case 'C': return "CREATE";
    case 'c': return "CONNECT";
    case 'T': return "TEMPORARY";
    case 'm': return "MAINTAIN";
    default: return nullptr;
  }
}

// Reads a possibly double-quoted role name starting at `i`; stops at `stop`.
std::string ReadName(const std::string& s, size_t& i, char stop) {
  std::string out;
  if (i < s.size() && s[i] == '"') {
    ++i;
    while (i < s.size()) {
      if (s[i] == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          out += '"';
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      out += s[i++];
    }
    return out;
  }
  while (i < s.size() && s[i] != stop) out += s[i++];
  return out;
}

}  // namespace

std::string AclEntry::ToString() const { return grantee + "=" + privilege + (grantable ? "*" : ""); }

std::vector<std::string> NormalizeAcl(const std::vector<std::string>& aclitems) {
  std::set<std::string> out;
  for (const auto& item : aclitems) {
    size_t i = 0;
    std::string grantee = ReadName(item, i, '=');
    if (i >= item.size() || item[i] != '=') continue;
    ++i;
    if (grantee.empty()) grantee = "PUBLIC";
    while (i < item.size() && item[i] != '/') {
      const char* p = PrivilegeName(item[i]);
      bool grantable = i + 1 < item.size() && item[i + 1] == '*';
      if (p) out.insert(AclEntry{grantee, p, grantable}.ToString());
      i += grantable ? 2 : 1;
    }
  }
  return {out.begin(), out.end()};
}

AclEntry ParseAclEntry(const std::string& normalised) {
  AclEntry e;
  auto eq = normalised.rfind('=');
  e.grantee = normalised.substr(0, eq);
  e.privilege = normalised.substr(eq + 1);
  if (!e.privilege.empty() && e.privilege.back() == '*') {
    e.grantable = true;
    e.privilege.pop_back();
  }
  return e;
}

}  // namespace graft::schema
