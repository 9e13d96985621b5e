// Renderer for sequences (standalone, serial-owned; identity sequences are
// rendered with their column, render_column.cc).
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;
using schema::QuoteLiteral;

std::string Planner::SequenceOptions(const json& d, bool with_type) const {
  std::string s;
  if (with_type && Str(d, "type") != "bigint") s += " AS " + Str(d, "type");
  s += " START WITH " + Str(d, "start");
  s += " INCREMENT BY " + Str(d, "increment");
  s += " MINVALUE " + Str(d, "min");
  s += " MAXVALUE " + Str(d, "max");
  s += " CACHE " + Str(d, "cache");
  s += Bool(d, "cycle") ? " CYCLE" : " NO CYCLE";
  return s;
}

// ALTER SEQUENCE ... OWNED BY the column named by `owned_by` ([schema,
// table, column]), after the sequence, the column and both owners are set.
void Planner::OwnedBy(const Object& seq, const json& owned_by) {
  const json& ob = owned_by;
  ObjectId col{ObjectKind::kColumn, ob[0].get<std::string>(), ob[1].get<std::string>(), ob[2].get<std::string>(), ""};
  Stmt& s = After(seq, "alter", "ALTER SEQUENCE " + Q(seq.id) + " OWNED BY " + TableOf(col) + "." + QuoteIdent(col.name));
  s.provides = {"ownedby:" + seq.id.Key()};
  s.needs = {seq.id.Key(), col.Key(), "meta:" + seq.id.Key(),
             "meta:" + ObjectId{ObjectKind::kTable, col.schema, "", col.table, ""}.Key()};
}

void Planner::CreateSequence(const Object& o, const std::string& action) {
  const json& d = o.def;
  std::string sql = std::string("CREATE ") + (Str(d, "persistence") == "u" ? "UNLOGGED " : "") + "SEQUENCE " + Q(o.id) +
                    SequenceOptions(d, true);
  Create(o, action, sql);
  if (!Has(d, "owned_by")) return;
  OwnedBy(o, d["owned_by"]);
  // A new sequence for a column that has rows already (an identity column
  // turned serial): continue after them, or the next insert collides.
  const json& ob = d["owned_by"];
  ObjectId col{ObjectKind::kColumn, ob[0].get<std::string>(), ob[1].get<std::string>(), ob[2].get<std::string>(), ""};
  ObjectId table{ObjectKind::kTable, col.schema, "", col.table, ""};
  const Object* fc = from_.Find(col);
  const Object* ft = from_.Find(table);
  if (!fc || !ft || Replaced(table.Key()) || !InTo(table.Key()) || action != "create") return;
  std::string type = Str(fc->def, "type");
  if (type != "smallint" && type != "integer" && type != "bigint") return;
  bool down = Str(d, "increment").rfind('-', 0) == 0;
  std::string c = QuoteIdent(col.name);
  Stmt& sv = After(o, "alter",
                   "SELECT pg_catalog.setval(" + QuoteLiteral(Q(o.id)) + ", v) FROM (SELECT " + (down ? "min(" : "max(") + c +
                       ") AS v FROM " + Q(table) + ") AS used WHERE v BETWEEN " + Str(d, "min") + " AND " + Str(d, "max"));
  sv.provides = {"setval:" + o.id.Key()};
  sv.needs = {"ownedby:" + o.id.Key(), "copy:" + table.Key(), col.Key()};
}

void Planner::DropSequence(const Object& o, const std::string& action) {
  Stmt& s = Drop(o, action, std::string("DROP SEQUENCE ") + (Has(o.def, "owned_by") ? "IF EXISTS " : "") + Q(o.id));
  // A serial column turned identity whose new sequence takes the old one's
  // name: the old one goes in the drop phase (after the defaults using it).
  for (const auto& [key, c] : to_.objects()) {
    if (c.id.kind != ObjectKind::kColumn || c.id.schema != o.id.schema || !Has(c.def, "identity_sequence")) continue;
    if (Str(c.def["identity_sequence"], "name") == o.id.name) s.late = false;
  }
}

void Planner::AlterSequence(const Object& a, const Object& b) {
  const json& da = a.def;
  const json& d = b.def;
  std::string q = Q(b.id);
  bool opts = false;
  for (const char* k : {"type", "start", "increment", "min", "max", "cache", "cycle"}) opts = opts || Differs(a, b, k);
  if (opts) {
    std::string sql = "ALTER SEQUENCE " + q + (Str(d, "type") == "bigint" && Str(da, "type") != "bigint" ? " AS bigint" : "") +
                      SequenceOptions(d, true);
    Hz hz;
    auto num = [](const json& j, const char* k) { return std::stold(j[k].get<std::string>()); };
    if (num(d, "min") > num(da, "min") || num(d, "max") < num(da, "max")) {
      sql += " RESTART WITH " + Str(d, "start");  // the current value may lie outside the new bounds
      hz.push_back(kMayFail);
    }
    Create(b, "alter", sql, hz);
  }
  if (Differs(a, b, "persistence")) Create(b, "alter", "ALTER SEQUENCE " + q + (Str(d, "persistence") == "u" ? " SET UNLOGGED" : " SET LOGGED"));
  if (Differs(a, b, "owned_by")) {
    if (Has(d, "owned_by")) {
      OwnedBy(b, d["owned_by"]);
    } else {
      // Detach before the old owning column goes away.
      Drop(b, "alter", "ALTER SEQUENCE " + q + " OWNED BY NONE").drop_key = "ownedby:" + b.id.Key();
    }
  }
}

}  // namespace graft::ddl::internal
