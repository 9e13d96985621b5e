// Renderer for tables: CREATE TABLE (plain, partitioned, partitions,
// inheritance children), table-level ALTERs, and the rebuild of a table whose
// column order or partitioning changed (rename, create, copy rows, drop).
#include <algorithm>
#include <set>

#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QualifiedName;
using schema::QuoteIdent;
using schema::QuoteLiteral;

// SELECT setval(<identity sequence of col>, the highest copied value) (the
// lowest for a descending sequence), when there are rows within the
// sequence's range.
std::string AdvanceIdentitySql(const Object& table, const Object& col) {
  const json& q = col.def["identity_sequence"];
  bool down = Str(q, "increment").rfind('-', 0) == 0;
  std::string c = QuoteIdent(col.id.name);
  return "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(" + QuoteLiteral(Q(table.id)) + ", " +
         QuoteLiteral(col.id.name) + "), v) FROM (SELECT " + (down ? "min(" : "max(") + c + ") AS v FROM " + Q(table.id) +
         ") AS copied WHERE v BETWEEN " + Str(q, "min") + " AND " + Str(q, "max");
}

std::string Planner::CreateTableSql(const Object& t) const {
  const json& d = t.def;
  std::string sql = "CREATE ";
  if (Str(d, "persistence") == "u") sql += "UNLOGGED ";
  sql += (IsForeign(t) ? "FOREIGN TABLE " : "TABLE ") + Q(t.id);
  auto cols = to_.ColumnsOf(t);
  if (Has(d, "partition_of")) {
    const json& p = d["partition_of"];
    sql += " PARTITION OF " + QualifiedName(p[0].get<std::string>(), p[1].get<std::string>());
    std::vector<std::string> extra;
    for (const Object* c : cols) {
      // A partition's own default / NOT NULL on a column of its parent
      // (PARTITION OF ... (col WITH OPTIONS DEFAULT ..., ...)).
      const Object* pc = to_.Find(ObjectId{ObjectKind::kColumn, p[0].get<std::string>(), p[1].get<std::string>(), c->id.name, ""});
      bool own_default = Has(c->def, "default") && (!pc || Str(pc->def, "default") != Str(c->def, "default"));
      bool own_not_null = Bool(c->def, "not_null") && (!pc || !Bool(pc->def, "not_null"));
      if (Bool(c->def, "local") || own_default || own_not_null) {
        std::string e = QuoteIdent(c->id.name) + " WITH OPTIONS";
        bool any = false;
        if (Has(c->def, "default")) {
          e += " DEFAULT " + Str(c->def, "default");
          any = true;
        }
        if (Bool(c->def, "not_null")) {
          e += " NOT NULL";
          any = true;
        }
        if (any) extra.push_back(e);
      }
    }
    if (!extra.empty()) {
      sql += " (\n";
      for (size_t i = 0; i < extra.size(); ++i) sql += "    " + extra[i] + (i + 1 < extra.size() ? ",\n" : "\n");
      sql += ")";
    }
    std::string bound = Str(d, "partition_bound");
    sql += " " + bound;
  } else if (Has(d, "of_type")) {
    // A typed table: its columns are the type's; only defaults and NOT NULL
    // are its own.
    sql += " OF " + Str(d, "of_type");
    std::vector<std::string> extra;
    for (const Object* c : cols) {
      std::string e = QuoteIdent(c->id.name) + " WITH OPTIONS";
      if (Has(c->def, "default")) e += " DEFAULT " + Str(c->def, "default");
      if (Bool(c->def, "not_null")) e += " NOT NULL";
      if (Has(c->def, "default") || Bool(c->def, "not_null")) extra.push_back(e);
    }
    if (!extra.empty()) {
      sql += " (\n";
      for (size_t i = 0; i < extra.size(); ++i) sql += "    " + extra[i] + (i + 1 < extra.size() ? ",\n" : "\n");
      sql += ")";
    }
  } else {
    std::vector<std::string> specs;
    for (const Object* c : cols) {
      if (!Bool(c->def, "local")) continue;  // inherited from a parent
      specs.push_back(ColumnSpec(*c));
    }
    sql += " (";
    if (!specs.empty()) {
      sql += "\n";
      for (size_t i = 0; i < specs.size(); ++i) sql += "    " + specs[i] + (i + 1 < specs.size() ? ",\n" : "\n");
    }
    sql += ")";
    if (d.contains("inherits") && !d["inherits"].empty()) {
      sql += " INHERITS (";
      bool first = true;
      for (const auto& p : d["inherits"]) {
        if (!first) sql += ", ";
        first = false;
        sql += QualifiedName(p[0].get<std::string>(), p[1].get<std::string>());
      }
      sql += ")";
    }
  }
  if (IsForeign(t)) {
    return sql + " SERVER " + QuoteIdent(Str(d, "server")) + OptionsClause(json::array(), d["foreign_options"], true);
  }
  if (Has(d, "partition_key")) sql += " PARTITION BY " + Str(d, "partition_key");
  if (d.contains("options") && !d["options"].empty()) {
    sql += " WITH (";
    bool first = true;
    for (const auto& o : d["options"]) {
      if (!first) sql += ", ";
      first = false;
      sql += o.get<std::string>();
    }
    sql += ")";
  }
  return sql;
}

// A detached partition keeps the clones of its parent's indexes and
// constraints as its own, which the model never listed (they belong to the
// parent): when the parent has any, they are dropped with the detach, and the
// plan creates what the target wants.
std::string Planner::DetachSql(const Object& parent, const Object& partition) const {
  std::string detach = "ALTER TABLE " + Q(parent.id) + " DETACH PARTITION " + Q(partition.id);
  bool clones = false;
  for (const auto& [key, o] : from_.objects()) {
    if ((o.id.kind == ObjectKind::kConstraint && o.id.schema == parent.id.schema && o.id.table == parent.id.name) ||
        (o.id.kind == ObjectKind::kIndex && o.id.schema == parent.id.schema && Str(o.def, "table") == parent.id.name)) {
      clones = true;
    }
  }
  if (!clones) return detach;
  std::string rel = QuoteLiteral(Q(partition.id)) + "::regclass";
  return "DO $graft$\nDECLARE cons text[]; idx text[]; n text;\nBEGIN\n"
         "  SELECT coalesce(array_agg(conname), '{}') INTO cons FROM pg_catalog.pg_constraint\n"
         "    WHERE conrelid = " + rel + " AND (conparentid <> 0 OR NOT conislocal);\n"
         "  SELECT coalesce(array_agg(c.relname), '{}') INTO idx FROM pg_catalog.pg_index i\n"
         "    JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_inherits h ON h.inhrelid = i.indexrelid\n"
         "    WHERE i.indrelid = " + rel + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid);\n"
         "  " + detach + ";\n"
         "  FOREACH n IN ARRAY cons LOOP EXECUTE format('ALTER TABLE " + Q(partition.id) + " DROP CONSTRAINT IF EXISTS %I', n); END LOOP;\n"
         "  FOREACH n IN ARRAY idx LOOP EXECUTE format('DROP INDEX IF EXISTS %I.%I', " + QuoteLiteral(partition.id.schema) + ", n); END LOOP;\n"
         "END $graft$";
}

void Planner::CreateTable(const Object& o, const std::string& action) {
  const json& d = o.def;
  Stmt& s = Create(o, action, CreateTableSql(o));
  std::set<std::string> provided = {o.id.Key()};
  for (const Object* c : to_.ColumnsOf(o)) {
    s.provides.push_back(c->id.Key());
    provided.insert(c->id.Key());
    for (const auto& r : c->deps) s.needs.push_back(r);
  }
  // Inherited columns come from the parents (a column the plan adds to a
  // parent must be there first). A partition takes its parent's columns as
  // they are when it is created (later ones are added to it too): it waits
  // only for those it declares options of.
  std::vector<json> parents;
  if (d.contains("inherits")) {
    for (const auto& p : d["inherits"]) parents.push_back(p);
  }
  if (Has(d, "partition_of")) parents.push_back(d["partition_of"]);
  std::string sql = s.st.sql;
  for (const Object* c : to_.ColumnsOf(o)) {
    if (Has(d, "partition_of") ? sql.find("\n    " + QuoteIdent(c->id.name) + " WITH OPTIONS") == std::string::npos
                               : Bool(c->def, "local")) {
      continue;
    }
    for (const auto& p : parents) {
      ObjectId pc{ObjectKind::kColumn, p[0].get<std::string>(), p[1].get<std::string>(), c->id.name, ""};
      if (to_.Find(pc)) s.needs.push_back(pc.Key());
    }
  }
  std::vector<std::string> req;
  for (const auto& r : s.needs) {
    if (!provided.count(r)) req.push_back(r);
  }
  s.needs = req;
  std::string t = Q(o.id);
  if (Bool(d, "rls")) After(o, "alter", "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY");
  if (Bool(d, "rls_forced")) After(o, "alter", "ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY");
  if (Has(d, "clustered_on")) {
    Stmt& c = After(o, "alter", "ALTER TABLE " + t + " CLUSTER ON " + QuoteIdent(Str(d, "clustered_on")));
    c.needs.push_back(ObjectId{ObjectKind::kIndex, o.id.schema, "", Str(d, "clustered_on"), ""}.Key());
    c.needs.push_back(ObjectId{ObjectKind::kConstraint, o.id.schema, o.id.name, Str(d, "clustered_on"), ""}.Key());
  }
  std::string ri = Str(d, "replica_identity");
  if (!ri.empty() && ri != "d" && !IsForeign(o)) {  // a foreign table's is always NOTHING
    std::string v = ri == "f" ? "FULL" : ri == "n" ? "NOTHING" : "USING INDEX " + QuoteIdent(ri.substr(6));
    Stmt& c = After(o, "alter", "ALTER TABLE " + t + " REPLICA IDENTITY " + v);
    if (ri.rfind("index ", 0) == 0) {
      c.needs.push_back(ObjectId{ObjectKind::kIndex, o.id.schema, "", ri.substr(6), ""}.Key());
      c.needs.push_back(ObjectId{ObjectKind::kConstraint, o.id.schema, o.id.name, ri.substr(6), ""}.Key());
    }
  }
}

void Planner::DropTable(const Object& o, const std::string& action) {
  if (IsForeign(o)) {
    Drop(o, action, "DROP FOREIGN TABLE " + Q(o.id), {kLock});  // the rows live elsewhere
    return;
  }
  Drop(o, action, "DROP TABLE " + Q(o.id), {kData, kLock});
}

void Planner::AlterTable(const Object& a, const Object& b) {
  const json& da = a.def;
  const json& d = b.def;
  std::string q = Q(b.id);
  if (Differs(a, b, "persistence")) {
    Create(b, "alter", "ALTER TABLE " + q + (Str(d, "persistence") == "u" ? " SET UNLOGGED" : " SET LOGGED"), {kRewrite, kLock});
  }
  if (Differs(a, b, "options")) {
    // Postgres keeps options in the order they were set: reset the old
    // ones, then set the target's in its order.
    std::string reset, set;
    for (const auto& x : da["options"]) reset += (reset.empty() ? "" : ", ") + OptionName(x.get<std::string>());
    for (const auto& x : d["options"]) set += (set.empty() ? "" : ", ") + x.get<std::string>();
    if (!reset.empty()) Create(b, "alter", "ALTER TABLE " + q + " RESET (" + reset + ")");
    if (!set.empty()) Create(b, "alter", "ALTER TABLE " + q + " SET (" + set + ")");
  }
  if (Differs(a, b, "foreign_options")) {
    Create(b, "alter", "ALTER FOREIGN TABLE " + q + OptionsClause(da["foreign_options"], d["foreign_options"], false));
  }
  if (Differs(a, b, "rls")) After(b, "alter", "ALTER TABLE " + q + (Bool(d, "rls") ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY");
  if (Differs(a, b, "rls_forced")) After(b, "alter", "ALTER TABLE " + q + (Bool(d, "rls_forced") ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY");
  if (Differs(a, b, "inherits")) {
    std::set<json> pa(da["inherits"].begin(), da["inherits"].end()), pb(d["inherits"].begin(), d["inherits"].end());
    for (const auto& p : pa) {
      if (!pb.count(p)) {
        Stmt& s = Drop(b, "alter", "ALTER TABLE " + q + " NO INHERIT " + QualifiedName(p[0].get<std::string>(), p[1].get<std::string>()));
        s.drop_key = "inherit:" + b.id.Key();
        s.rank = 100;  // before the parent loses columns
      }
    }
    for (const auto& p : pb) {
      if (!pa.count(p)) {
        Stmt& s = Create(b, "alter", "ALTER TABLE " + q + " INHERIT " + QualifiedName(p[0].get<std::string>(), p[1].get<std::string>()), {kMayFail});
        s.provides = {"inherit:" + b.id.Key()};
        for (const Object* c : to_.ColumnsOf(b)) s.needs.push_back(c->id.Key());
        s.needs.push_back(ObjectId{ObjectKind::kTable, p[0].get<std::string>(), "", p[1].get<std::string>(), ""}.Key());
      }
    }
  }
  if (Has(d, "partition_of") && (Differs(a, b, "partition_of") || Differs(a, b, "partition_bound"))) {
    const json& pa = da["partition_of"];
    const json& pb = d["partition_of"];
    if (!detach_.count(b.id.Key())) {  // else detached already (Planner::Detaches)
      Stmt& s0 = Drop(b, "alter", "ALTER TABLE " + QualifiedName(pa[0].get<std::string>(), pa[1].get<std::string>()) + " DETACH PARTITION " + q);
      s0.drop_key = "partition:" + b.id.Key();
      s0.rank = 100;
    }
    Stmt& s = Create(b, "alter",
                     "ALTER TABLE " + QualifiedName(pb[0].get<std::string>(), pb[1].get<std::string>()) + " ATTACH PARTITION " + q + " " +
                         Str(d, "partition_bound"),
                     {kMayFail});
    s.provides = {"partition:" + b.id.Key()};
  }
  if (Differs(a, b, "of_type")) {
    if (Has(d, "of_type")) {
      // The table's columns must be the type's by then.
      Stmt& s = Create(b, "alter", "ALTER TABLE " + q + " OF " + Str(d, "of_type"), {kLock});
      s.provides = {"oftype:" + b.id.Key()};
      for (const Object* c : to_.ColumnsOf(b)) s.needs.push_back(c->id.Key());
    } else {
      Stmt& s = Drop(b, "alter", "ALTER TABLE " + q + " NOT OF", {kLock});
      s.drop_key = "oftype:" + b.id.Key();
      s.rank = 100;  // before the type or its attributes change
    }
  }
  if (Differs(a, b, "clustered_on")) {
    if (Has(d, "clustered_on")) {
      Stmt& c = After(b, "alter", "ALTER TABLE " + q + " CLUSTER ON " + QuoteIdent(Str(d, "clustered_on")));
      c.needs.push_back(ObjectId{ObjectKind::kIndex, b.id.schema, "", Str(d, "clustered_on"), ""}.Key());
      c.needs.push_back(ObjectId{ObjectKind::kConstraint, b.id.schema, b.id.name, Str(d, "clustered_on"), ""}.Key());
    } else {
      After(b, "alter", "ALTER TABLE " + q + " SET WITHOUT CLUSTER");
    }
  }
  if (Differs(a, b, "replica_identity")) {
    std::string ri = Str(d, "replica_identity");
    std::string v = ri == "f" ? "FULL" : ri == "n" ? "NOTHING" : ri == "d" ? "DEFAULT" : "USING INDEX " + QuoteIdent(ri.substr(6));
    Stmt& c = After(b, "alter", "ALTER TABLE " + q + " REPLICA IDENTITY " + v);
    if (ri.rfind("index ", 0) == 0) {
      c.needs.push_back(ObjectId{ObjectKind::kIndex, b.id.schema, "", ri.substr(6), ""}.Key());
      c.needs.push_back(ObjectId{ObjectKind::kConstraint, b.id.schema, b.id.name, ri.substr(6), ""}.Key());
    }
  }
}

void Planner::EmitTableRebuild(const Object& a, const Object& b) {
  std::string key = b.id.Key();
  std::string tmp = b.id.name.substr(0, 50) + "__graft_old";
  std::string rename_key = "rename:" + key;
  Stmt& r = Create(b, "recreate", "ALTER TABLE " + Q(a.id) + " RENAME TO " + QuoteIdent(tmp), {kLock});
  r.provides = {rename_key};
  r.needs = {};
  std::string old = QualifiedName(a.id.schema, tmp);
  // A parent that goes away would take the old table with it (or refuse to
  // go): the old table stops inheriting first, keeping the inherited columns
  // and their rows as its own.
  std::set<std::string> parents_gone;
  if (a.def.contains("inherits")) {
    for (const auto& p : a.def["inherits"]) {
      ObjectId pt{ObjectKind::kTable, p[0].get<std::string>(), "", p[1].get<std::string>(), ""};
      if (InTo(pt.Key())) continue;
      parents_gone.insert(pt.Key());
      Stmt& s = Drop(b, "alter", "ALTER TABLE " + Q(a.id) + " NO INHERIT " + Q(pt));
      s.drop_key = "inherit:" + key;
      s.rank = 100;  // before the parent goes
    }
    // Their defaults may use the parent's owned sequences, which go with it;
    // the copy gives every row its values.
    for (const Object* c : from_.ColumnsOf(a)) {
      if (parents_gone.empty() || Bool(c->def, "local") || !Has(c->def, "default")) continue;
      Stmt& s = Drop(b, "alter", "ALTER TABLE " + Q(a.id) + " ALTER COLUMN " + QuoteIdent(c->id.name) + " DROP DEFAULT");
      s.drop_key = "inherit:" + key;
      s.rank = 100;
    }
  }
  // A typed table's type may be dropped or replaced by this plan: the old
  // table stops being typed first (its columns and rows stay), so the type's
  // drop does not wait on it (the drop phase orders by the table's key).
  if (Has(a.def, "of_type")) {
    Stmt& s = Drop(b, "alter", "ALTER TABLE " + Q(a.id) + " NOT OF", {kLock});
    s.drop_key = key;
    s.rank = 100;
  }
  for (const Object* c : from_.ColumnsOf(a)) {
    if (!Str(c->def, "identity").empty() && Bool(c->def, "local")) {
      Stmt& s = Create(b, "recreate", "ALTER TABLE " + old + " ALTER COLUMN " + QuoteIdent(c->id.name) + " DROP IDENTITY");
      s.provides = {rename_key};
      s.needs = {rename_key};
    }
  }
  std::vector<const Object*> owned;
  for (const auto& [k, o] : from_.objects()) {
    if (o.id.kind != ObjectKind::kSequence || !Has(o.def, "owned_by") || !to_.Find(k)) continue;
    const json& ob = o.def["owned_by"];
    if (ob[0] == a.id.schema && ob[1] == a.id.name) {
      owned.push_back(&o);
      Stmt& s = Create(o, "alter", "ALTER SEQUENCE " + Q(o.id) + " OWNED BY NONE");
      s.provides = {rename_key};
      s.needs = {};
    }
  }
  EmitCreate(b, "recreate");
  // The CREATE TABLE we just emitted must wait for the rename.
  for (auto& s : stmts_) {
    if (!s.drop_phase && s.st.action == "recreate" && s.st.sql.rfind("CREATE ", 0) == 0 &&
        std::find(s.provides.begin(), s.provides.end(), key) != s.provides.end()) {
      s.needs.push_back(rename_key);
    }
  }
  std::set<std::string> names_b;
  for (const auto& c : b.def["columns"]) names_b.insert(c.get<std::string>());
  std::vector<std::string> cols;
  bool lost = false, identity_always = false;
  for (const Object* c : from_.ColumnsOf(a)) {
    if (!names_b.count(c->id.name)) {
      lost = true;
      continue;
    }
    const Object* nc = to_.Find(ObjectId{ObjectKind::kColumn, b.id.schema, b.id.name, c->id.name, ""});
    if (!nc || Has(nc->def, "generated")) continue;
    if (!Bool(c->def, "local") && a.def.contains("inherits")) {
      // Inherited only: gone from the old table when the parent drops it.
      bool parent_drops = false;
      for (const auto& p : a.def["inherits"]) {
        ObjectId pc{ObjectKind::kColumn, p[0].get<std::string>(), p[1].get<std::string>(), c->id.name, ""};
        ObjectId pt{ObjectKind::kTable, p[0].get<std::string>(), "", p[1].get<std::string>(), ""};
        if (from_.Find(pc) && !to_.Find(pc) && !parents_gone.count(pt.Key())) parent_drops = true;
      }
      if (parent_drops) continue;
    }
    if (Str(nc->def, "identity") == "a") identity_always = true;
    cols.push_back(QuoteIdent(c->id.name));
  }
  std::string copy_key = "copy:" + key;
  if (!Has(a.def, "partition_key") && !Has(b.def, "partition_key") && !cols.empty()) {
    std::string list;
    for (size_t i = 0; i < cols.size(); ++i) list += (i ? ", " : "") + cols[i];
    Stmt& s = Create(b, "copy data",
                     "INSERT INTO " + Q(b.id) + " (" + list + ")" + (identity_always ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " +
                         list + " FROM ONLY " + old,
                     {kRewrite});
    s.provides = {copy_key};
    s.needs = {key};
    // The new table's identity sequences start afresh: continue after the
    // copied rows, or the next insert collides with them.
    for (const Object* c : to_.ColumnsOf(b)) {
      if (Str(c->def, "identity").empty() || !Bool(c->def, "local") || !Has(c->def, "identity_sequence")) continue;
      if (std::find(cols.begin(), cols.end(), QuoteIdent(c->id.name)) == cols.end()) continue;
      Stmt& sv = Create(b, "copy data", AdvanceIdentitySql(b, *c));
      sv.provides = {"setval:" + key};
      sv.needs = {copy_key};
    }
  }
  Hz hz = {kLock, kRewrite};
  if (lost) hz.push_back(kData);
  Stmt& dr = Create(b, "recreate", "DROP TABLE " + old, hz);
  dr.provides = {"dropold:" + key};
  dr.needs = {copy_key, key};
  // Children rebuilt with us must be copied and dropped first.
  auto it = rdeps_.find(a.id.Key());
  if (it != rdeps_.end()) {
    for (const auto& d : it->second) {
      if (rebuild_.count(d)) {
        dr.needs.push_back("copy:" + d);
        dr.needs.push_back("dropold:" + d);
      }
    }
  }
  for (const Object* o : owned) {
    const Object* t = to_.Find(o->id.Key());
    if (!t || !Has(t->def, "owned_by")) continue;
    const json& ob = t->def["owned_by"];
    ObjectId col{ObjectKind::kColumn, ob[0].get<std::string>(), ob[1].get<std::string>(), ob[2].get<std::string>(), ""};
    Stmt& s = After(*t, "alter", "ALTER SEQUENCE " + Q(t->id) + " OWNED BY " + TableOf(col) + "." + QuoteIdent(col.name));
    s.needs.push_back(col.Key());
  }
  notes_.push_back("table " + b.id.Display() + " is recreated (column order or partitioning changed); rows are copied");
}

}  // namespace graft::ddl::internal
