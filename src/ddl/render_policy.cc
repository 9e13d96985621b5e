// Renderer for row-level security policies and rewrite rules.
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;

namespace {

// The "TO roles USING (...) WITH CHECK (...)" tail of CREATE/ALTER POLICY;
// adds the keys of the roles it names to `needs`.
std::string PolicyTail(const json& d, std::vector<std::string>* needs) {
  std::string sql = " TO ";
  bool first = true;
  for (const auto& r : d["roles"]) {
    std::string n = r.get<std::string>();
    sql += (first ? "" : ", ") + (n == "public" ? std::string("PUBLIC") : QuoteIdent(n));
    first = false;
    if (n != "public") needs->push_back(RoleKey(n));
  }
  if (Has(d, "using")) sql += " USING (" + Str(d, "using") + ")";
  if (Has(d, "with_check")) sql += " WITH CHECK (" + Str(d, "with_check") + ")";
  return sql;
}

}  // namespace

void Planner::CreatePolicy(const Object& o, const std::string& action) {
  const json& d = o.def;
  if (o.id.kind == ObjectKind::kRule) {
    Create(o, action, Str(d, "definition"));
    if (Str(d, "enabled") != "O") After(o, "alter", SetEnabledSql(o.id, Str(d, "enabled")));
    return;
  }
  std::string cmd = Str(d, "command");
  std::string c = cmd == "r" ? "SELECT" : cmd == "a" ? "INSERT" : cmd == "w" ? "UPDATE" : cmd == "d" ? "DELETE" : "ALL";
  std::vector<std::string> roles;
  std::string tail = PolicyTail(d, &roles);
  Stmt& st = Create(o, action,
                    "CREATE POLICY " + QuoteIdent(o.id.name) + " ON " + TableOf(o.id) + " AS " +
                        (Bool(d, "permissive") ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + c + tail);
  for (const auto& r : roles) st.needs.push_back(r);
}

void Planner::DropPolicy(const Object& o, const std::string& action) {
  if (GoesWithOwner(o)) return;
  Drop(o, action, std::string(o.id.kind == ObjectKind::kRule ? "DROP RULE " : "DROP POLICY ") + QuoteIdent(o.id.name) + " ON " +
                      TableOf(o.id));
}

// Command and permissiveness changes, or a USING / WITH CHECK that goes away,
// recreate the policy instead (see Decide).
void Planner::AlterPolicy(const Object& a, const Object& b) {
  const json& d = b.def;
  if (b.id.kind == ObjectKind::kRule) {
    if (Differs(a, b, "enabled")) After(b, "alter", SetEnabledSql(b.id, Str(d, "enabled")));
    return;
  }
  if (Differs(a, b, "roles") || Differs(a, b, "using") || Differs(a, b, "with_check")) {
    std::vector<std::string> roles;
    std::string tail = PolicyTail(d, &roles);
    Stmt& st = Create(b, "alter", "ALTER POLICY " + QuoteIdent(b.id.name) + " ON " + TableOf(b.id) + tail);
    for (const auto& r : roles) st.needs.push_back(r);
  }
}

}  // namespace graft::ddl::internal
