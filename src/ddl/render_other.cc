// Renderer for the kinds with no family of their own: roles (created only,
// never dropped), schemas, extensions, collations and extended statistics.
#include <algorithm>

#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

// True when version `a` sorts before `b` by their dot-separated numbers
// ("1.7" < "1.8" < "1.10"); false when either is not all numbers.
bool VersionBelow(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& v, std::vector<long>& out) {
    size_t i = 0;
    while (i <= v.size()) {
      size_t j = v.find('.', i);
      if (j == std::string::npos) j = v.size();
      std::string p = v.substr(i, j - i);
      if (p.empty() || p.size() > 9 || p.find_first_not_of("0123456789") != std::string::npos) return false;
      out.push_back(std::stol(p));
      i = j + 1;
    }
    return true;
  };
  std::vector<long> x, y;
  if (!parts(a, x) || !parts(b, y)) return false;
  return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
}

using schema::QuoteIdent;
using schema::QuoteLiteral;

void Planner::EmitRoles() {
  for (const auto& [key, o] : to_.objects()) {
    if (o.id.kind != ObjectKind::kRole || from_.Find(key)) continue;
    if (std::find(from_.cluster_roles.begin(), from_.cluster_roles.end(), o.id.name) != from_.cluster_roles.end()) continue;
    CreateRole(o);
  }
}

// Guarded by an existence check: roles belong to the cluster.
void Planner::CreateRole(const Object& o) {
  std::string n = o.id.name;
  Create(o, "create",
         "DO $graft$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = " + QuoteLiteral(n) +
             ") THEN CREATE ROLE " + QuoteIdent(n) + "; END IF; END $graft$");
}

void Planner::CreateOther(const Object& o, const std::string& action) {
  const json& d = o.def;
  switch (o.id.kind) {
    case ObjectKind::kSchema:
      Create(o, action, "CREATE SCHEMA " + QuoteIdent(o.id.name));
      break;
    case ObjectKind::kExtension:
      Create(o, action,
             "CREATE EXTENSION IF NOT EXISTS " + QuoteIdent(o.id.name) + " WITH SCHEMA " + QuoteIdent(Str(d, "schema")) +
                 " VERSION " + QuoteLiteral(Str(d, "version")));
      break;
    case ObjectKind::kStatistics:
      Create(o, action, Str(d, "definition"));
      if (Has(d, "statistics")) {
        After(o, "alter", "ALTER STATISTICS " + Q(o.id) + " SET STATISTICS " + std::to_string(d["statistics"].get<int>()));
      }
      break;
    case ObjectKind::kCollation: {
      std::string sql = "CREATE COLLATION " + Q(o.id) + " (provider = " + (Str(d, "provider") == "i" ? "icu" : "libc");
      if (Str(d, "provider") == "i") {
        sql += ", locale = " + QuoteLiteral(Str(d, "icu_locale"));
      } else if (Str(d, "collate") == Str(d, "ctype")) {
        sql += ", locale = " + QuoteLiteral(Str(d, "collate"));
      } else {
        sql += ", lc_collate = " + QuoteLiteral(Str(d, "collate")) + ", lc_ctype = " + QuoteLiteral(Str(d, "ctype"));
      }
      if (!Bool(d, "deterministic")) sql += ", deterministic = false";
      Create(o, action, sql + ")");
      break;
    }
    default:
      break;
  }
}

void Planner::DropOther(const Object& o, const std::string& action) {
  switch (o.id.kind) {
    case ObjectKind::kSchema:
      Drop(o, action, "DROP SCHEMA " + QuoteIdent(o.id.name));
      break;
    case ObjectKind::kExtension:
      Drop(o, action, "DROP EXTENSION " + QuoteIdent(o.id.name));
      break;
    case ObjectKind::kStatistics:
      Drop(o, action, "DROP STATISTICS IF EXISTS " + Q(o.id));
      break;
    case ObjectKind::kCollation:
      Drop(o, action, "DROP COLLATION " + Q(o.id));
      break;
    default:
      break;
  }
}

void Planner::AlterOther(const Object& a, const Object& b) {
  const json& d = b.def;
  if (b.id.kind == ObjectKind::kExtension) {
    if (Differs(a, b, "schema")) Create(b, "alter", "ALTER EXTENSION " + QuoteIdent(b.id.name) + " SET SCHEMA " + QuoteIdent(Str(d, "schema")));
    if (Differs(a, b, "version")) Create(b, "alter", "ALTER EXTENSION " + QuoteIdent(b.id.name) + " UPDATE TO " + QuoteLiteral(Str(d, "version")));
  } else if (b.id.kind == ObjectKind::kStatistics) {
    if (Differs(a, b, "statistics")) {
      After(b, "alter", "ALTER STATISTICS " + Q(b.id) + " SET STATISTICS " + (Has(d, "statistics") ? std::to_string(d["statistics"].get<int>()) : "-1"));
    }
  }
}

}  // namespace graft::ddl::internal
