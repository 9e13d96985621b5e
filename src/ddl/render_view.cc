// Renderer for views and materialized views: CREATE (a materialized view
// WITH NO DATA), CREATE OR REPLACE VIEW where the columns allow it, option
// changes, DROP.
#include <set>

#include "ddl/planner.h"

namespace graft::ddl::internal {

namespace {

// " WITH (a=1, b=2)" for a non-empty def.options.
std::string WithOptions(const json& d) {
  if (!d.contains("options") || d["options"].empty()) return "";
  std::string sql = " WITH (";
  bool first = true;
  for (const auto& x : d["options"]) {
    sql += (first ? "" : ", ") + x.get<std::string>();
    first = false;
  }
  return sql + ")";
}

}  // namespace

void Planner::CreateView(const Object& o, const std::string& action) {
  const json& d = o.def;
  std::string sql;
  if (o.id.kind == ObjectKind::kView) {
    sql = "CREATE VIEW " + Q(o.id) + WithOptions(d) + " AS\n" + Str(d, "definition");
  } else {
    sql = "CREATE MATERIALIZED VIEW " + Q(o.id);
    if (Has(d, "access_method") && Str(d, "access_method") != "heap") sql += " USING " + Str(d, "access_method");
    std::string def = Str(d, "definition");
    while (!def.empty() && (def.back() == ';' || def.back() == ' ' || def.back() == '\n')) def.pop_back();
    sql += WithOptions(d) + " AS\n" + def + "\nWITH NO DATA";
  }
  Stmt& s = Create(o, action, sql);
  for (const Object* c : to_.ColumnsOf(o)) s.provides.push_back(c->id.Key());
}

void Planner::DropView(const Object& o, const std::string& action) {
  if (o.id.kind == ObjectKind::kView) {
    Drop(o, action, "DROP VIEW " + Q(o.id));
  } else {
    Drop(o, action, "DROP MATERIALIZED VIEW " + Q(o.id), {kData});
  }
}

// A view whose definition changed in a replaceable way (see
// ViewReplaceable), or whose options changed. Materialized views are
// recreated instead.
void Planner::AlterView(const Object& a, const Object& b) {
  const json& da = a.def;
  const json& d = b.def;
  std::string q = Q(b.id);
  if (Differs(a, b, "definition")) {
    Stmt& s = Create(b, "alter", "CREATE OR REPLACE VIEW " + q + " AS\n" + Str(d, "definition"));
    for (const Object* c : to_.ColumnsOf(b)) s.provides.push_back(c->id.Key());
  }
  if (Differs(a, b, "options")) {
    std::set<std::string> names_b;
    for (const auto& x : d["options"]) names_b.insert(OptionName(x.get<std::string>()));
    std::string reset, set;
    for (const auto& x : da["options"]) {
      if (!names_b.count(OptionName(x.get<std::string>()))) reset += (reset.empty() ? "" : ", ") + OptionName(x.get<std::string>());
    }
    for (const auto& x : d["options"]) set += (set.empty() ? "" : ", ") + x.get<std::string>();
    if (!reset.empty()) Create(b, "alter", "ALTER VIEW " + q + " RESET (" + reset + ")");
    if (!set.empty()) Create(b, "alter", "ALTER VIEW " + q + " SET (" + set + ")");
  }
}

}  // namespace graft::ddl::internal
