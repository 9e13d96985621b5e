// Renderer for publications: CREATE PUBLICATION with what it publishes (all
// tables, or tables with their column lists and row filters, and schemas)
// and its options; ALTER PUBLICATION ... SET (options) and SET/DROP of the
// published objects; DROP PUBLICATION (with a note: its subscribers stop
// receiving changes). A change between FOR ALL TABLES and a list recreates
// the publication (RecreatedOnChange, render_foreign.cc).
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;
using schema::QuoteLiteral;

namespace {

// "TABLE ONLY s.t (a, b) WHERE (...), TABLES IN SCHEMA s2": ONLY, since the
// model lists every published table itself (inheritance children too).
std::string PublishedObjects(const json& d) {
  std::string out;
  auto sep = [&]() { return std::string(out.empty() ? "" : ", "); };
  if (d.contains("tables") && d["tables"].is_object()) {
    for (const auto& [table, spec] : d["tables"].items()) {
      std::string item = "TABLE ONLY " + table;
      if (spec.contains("columns") && spec["columns"].is_array()) {
        std::string cols;
        for (const auto& c : spec["columns"]) cols += (cols.empty() ? "" : ", ") + QuoteIdent(c.get<std::string>());
        item += " (" + cols + ")";
      }
      if (spec.contains("where") && spec["where"].is_string()) item += " WHERE (" + spec["where"].get<std::string>() + ")";
      out += sep() + item;
    }
  }
  if (d.contains("schemas") && d["schemas"].is_array()) {
    for (const auto& s : d["schemas"]) out += sep() + "TABLES IN SCHEMA " + QuoteIdent(s.get<std::string>());
  }
  return out;
}

std::string PublicationOptions(const json& d) {
  return "(publish = " + QuoteLiteral(Str(d, "publish")) + ", publish_via_partition_root = " +
         (Bool(d, "via_root") ? "true" : "false") + ")";
}

}  // namespace

void Planner::CreatePublication(const Object& o, const std::string& action) {
  const json& d = o.def;
  std::string sql = "CREATE PUBLICATION " + QuoteIdent(o.id.name);
  std::string objects = PublishedObjects(d);
  if (Bool(d, "all_tables")) {
    sql += " FOR ALL TABLES";
  } else if (!objects.empty()) {
    sql += " FOR " + objects;
  }
  Create(o, action, sql + " WITH " + PublicationOptions(d));
}

void Planner::DropPublication(const Object& o, const std::string& action) {
  Drop(o, action, "DROP PUBLICATION " + QuoteIdent(o.id.name));
  if (action == "drop") {
    notes_.push_back("publication " + o.id.Display() + " is dropped: its subscribers stop receiving changes");
  } else {
    notes_.push_back("publication " + o.id.Display() +
                     " is dropped and created again: run the plan in one transaction so its subscribers do not see it missing");
  }
}

void Planner::AlterPublication(const Object& a, const Object& b) {
  std::string name = QuoteIdent(b.id.name);
  if (Differs(a, b, "publish") || Differs(a, b, "via_root")) {
    Create(b, "alter", "ALTER PUBLICATION " + name + " SET " + PublicationOptions(b.def));
  }
  if (!Differs(a, b, "tables") && !Differs(a, b, "schemas")) return;
  std::string objects = PublishedObjects(b.def);
  if (!objects.empty()) {
    Create(b, "alter", "ALTER PUBLICATION " + name + " SET " + objects);
    return;
  }
  // Nothing left to publish: SET needs at least one object, so drop what is
  // still there (a dropped table has left the publication with its drop).
  json left = json::object();
  left["tables"] = json::object();
  left["schemas"] = json::array();
  for (const auto& [table, spec] : a.def["tables"].items()) {
    for (const auto& [key, obj] : to_.objects()) {
      if (obj.id.kind == ObjectKind::kTable && Q(obj.id) == table) left["tables"][table] = json::object();
    }
  }
  for (const auto& s : a.def["schemas"]) {
    if (InTo(ObjectId{ObjectKind::kSchema, "", "", s.get<std::string>(), ""}.Key())) left["schemas"].push_back(s);
  }
  std::string gone = PublishedObjects(left);
  if (!gone.empty()) Create(b, "alter", "ALTER PUBLICATION " + name + " DROP " + gone);
}

}  // namespace graft::ddl::internal
