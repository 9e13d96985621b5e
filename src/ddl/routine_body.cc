#include "ddl/routine_body.h"

#include <pg_query.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <set>

namespace graft::ddl {

namespace {

using nlohmann::json;

// The parse tree of `sql` as libpg-query's JSON; nullopt when it does not parse.
std::optional<json> Parse(const std::string& sql) {
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  std::optional<json> out;
  if (!r.error && r.parse_tree) {
    json j = json::parse(r.parse_tree, nullptr, false);
    if (!j.is_discarded()) out = std::move(j);
  }
  pg_query_free_parse_result(r);
  return out;
}

// The text of a String node ({"String": {"sval": ...}}), "" when it is not one.
std::string StringNode(const json& n) {
  if (!n.is_object() || !n.contains("String")) return "";
  const json& s = n["String"];
  if (s.contains("sval") && s["sval"].is_string()) return s["sval"].get<std::string>();
  return "";
}

// A qualified name as a list of String nodes ([schema,] name).
std::optional<BodyName> ListName(const json& names) {
  if (!names.is_array() || names.empty()) return std::nullopt;
  BodyName n;
  n.name = StringNode(names.back());
  if (names.size() >= 2) n.schema = StringNode(names[names.size() - 2]);
  if (n.name.empty()) return std::nullopt;
  return n;
}

// A RangeVar or a FuncCall node, wrapped ({"RangeVar": {...}}) or as a typed
// field (InsertStmt.relation, CallStmt.funccall), is known by its fields.
void Walk(const json& n, BodyNames& out) {
  if (n.is_array()) {
    for (const auto& e : n) Walk(e, out);
    return;
  }
  if (!n.is_object()) return;
  if (n.contains("relname") && n["relname"].is_string()) {
    BodyName b;
    b.name = n["relname"].get<std::string>();
    if (n.contains("schemaname") && n["schemaname"].is_string()) b.schema = n["schemaname"].get<std::string>();
    out.relations.push_back(std::move(b));
  } else if (n.contains("funcname") && n.contains("funcformat")) {
    if (auto b = ListName(n["funcname"])) out.routines.push_back(std::move(*b));
  }
  for (const auto& [key, value] : n.items()) Walk(value, out);
}

}  // namespace

BodyNames SqlBodyNames(const std::string& create_sql) {
  BodyNames out;
  auto tree = Parse(create_sql);
  if (!tree || !tree->contains("stmts") || (*tree)["stmts"].size() != 1) return out;
  const json& stmt = (*tree)["stmts"][0]["stmt"];
  if (!stmt.contains("CreateFunctionStmt")) return out;
  const json& f = stmt["CreateFunctionStmt"];
  if (f.contains("sql_body")) return out;  // SQL-standard body: in pg_depend
  std::string language, body;
  for (const auto& o : f.value("options", json::array())) {
    if (!o.contains("DefElem")) continue;
    const json& d = o["DefElem"];
    std::string name = d.value("defname", "");
    if (name == "language") {
      language = StringNode(d["arg"]);
    } else if (name == "as" && d.contains("arg") && d["arg"].contains("List")) {
      const json& items = d["arg"]["List"].value("items", json::array());
      if (items.size() == 1) body = StringNode(items[0]);
    } else if (name == "set" && d.contains("arg") && d["arg"].contains("VariableSetStmt")) {
      const json& v = d["arg"]["VariableSetStmt"];
      if (v.value("name", "") != "search_path") continue;
      for (const auto& a : v.value("args", json::array())) {
        if (a.contains("A_Const") && a["A_Const"].contains("sval")) {
          out.search_path.push_back(a["A_Const"]["sval"].value("sval", ""));
        }
      }
    }
  }
  if (language != "sql" || body.empty()) return out;
  auto parsed = Parse(body);
  if (!parsed) return out;
  Walk((*parsed)["stmts"], out);
  return out;
}

std::vector<std::string> BodyDependencies(const schema::Schema& schema, const schema::Object& routine) {
  using schema::ObjectKind;
  std::vector<std::string> keys;
  if (routine.id.kind != ObjectKind::kFunction && routine.id.kind != ObjectKind::kProcedure) return keys;
  if (!routine.def.contains("language") || routine.def["language"] != "sql") return keys;
  if (!routine.def.contains("definition") || !routine.def["definition"].is_string()) return keys;
  BodyNames names = SqlBodyNames(routine.def["definition"].get<std::string>());
  if (names.relations.empty() && names.routines.empty()) return keys;
  std::vector<std::string> path = names.search_path;
  if (path.empty()) path = {routine.id.schema, "public"};
  auto schemas = [&](const BodyName& n) { return n.schema.empty() ? path : std::vector<std::string>{n.schema}; };
  std::set<std::string> out;
  for (const auto& n : names.relations) {
    for (const auto& s : schemas(n)) {
      if (const auto* rel = schema.FindRelation(s, n.name)) out.insert(rel->id.Key());
    }
  }
  const auto& objects = schema.objects();
  for (const auto& n : names.routines) {
    for (const auto& s : schemas(n)) {
      for (ObjectKind k : {ObjectKind::kFunction, ObjectKind::kProcedure, ObjectKind::kAggregate}) {
        // Keys of every overload start with "<kind>:<schema>.<name>(".
        std::string prefix = schema::ObjectId{k, s, "", n.name, ""}.Key();
        prefix.pop_back();  // the ")" of the empty argument list
        for (auto it = objects.lower_bound(prefix); it != objects.end() && it->first.rfind(prefix, 0) == 0; ++it) {
          out.insert(it->first);
        }
      }
    }
  }
  out.erase(routine.id.Key());
  return {out.begin(), out.end()};
}

}  // namespace graft::ddl
