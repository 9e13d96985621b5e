// Renderer for types (enum, composite, range) and domains, including the
// swap of a type that cannot be altered in place: rename the old one, create
// the new one, convert the columns, drop the old one.
#include <map>
#include <set>

#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QualifiedName;
using schema::QuoteIdent;
using schema::QuoteLiteral;

void Planner::CreateType(const Object& o, const std::string& action) {
  const json& d = o.def;
  switch (o.id.kind) {
    case ObjectKind::kType: {
      std::string t = Str(d, "type");
      std::string sql = "CREATE TYPE " + Q(o.id);
      if (t == "enum") {
        sql += " AS ENUM (";
        bool first = true;
        for (const auto& l : d["labels"]) {
          sql += (first ? "" : ", ") + QuoteLiteral(l.get<std::string>());
          first = false;
        }
        sql += ")";
      } else if (t == "composite") {
        sql += " AS (";
        bool first = true;
        for (const auto& at : d["attributes"]) {
          sql += (first ? "\n    " : ",\n    ") + QuoteIdent(Str(at, "name")) + " " + Str(at, "type");
          if (Has(at, "collation")) sql += " COLLATE " + Str(at, "collation");
          first = false;
        }
        sql += first ? ")" : "\n)";
      } else {
        sql += " AS RANGE (SUBTYPE = " + Str(d, "subtype");
        if (Has(d, "subtype_opclass")) sql += ", SUBTYPE_OPCLASS = " + Str(d, "subtype_opclass");
        if (Has(d, "collation")) sql += ", COLLATION = " + Str(d, "collation");
        if (Has(d, "canonical")) sql += ", CANONICAL = " + Str(d, "canonical");
        if (Has(d, "subtype_diff")) sql += ", SUBTYPE_DIFF = " + Str(d, "subtype_diff");
        if (Has(d, "multirange")) sql += ", MULTIRANGE_TYPE_NAME = " + QualifiedName(o.id.schema, Str(d, "multirange"));
        sql += ")";
      }
      Create(o, action, sql);
      break;
    }
    case ObjectKind::kDomain: {
      std::string sql = "CREATE DOMAIN " + Q(o.id) + " AS " + Str(d, "base_type");
      if (Has(d, "collation")) sql += " COLLATE " + Str(d, "collation");
      if (Has(d, "default")) sql += " DEFAULT " + Str(d, "default");
      if (Bool(d, "not_null")) sql += " NOT NULL";
      if (d.contains("constraints")) {
        for (auto it = d["constraints"].begin(); it != d["constraints"].end(); ++it) {
          sql += " CONSTRAINT " + QuoteIdent(it.key()) + " " + it.value().get<std::string>();
        }
      }
      Create(o, action, sql);
      break;
    }
    default:
      break;
  }
}

void Planner::DropType(const Object& o, const std::string& action) {
  Drop(o, action, (o.id.kind == ObjectKind::kDomain ? "DROP DOMAIN " : "DROP TYPE ") + Q(o.id));
}

void Planner::AlterType(const Object& a, const Object& b) {
  const json& da = a.def;
  const json& d = b.def;
  std::string q = Q(b.id);
  switch (b.id.kind) {
    case ObjectKind::kType:
      if (AttributesAppended(a, b)) {
        std::map<std::string, json> ma, mb;
        for (const auto& x : da["attributes"]) ma[Str(x, "name")] = x;
        for (const auto& x : d["attributes"]) mb[Str(x, "name")] = x;
        // Tables of this type (CREATE TABLE ... OF) that stay so: Postgres
        // refuses the change without CASCADE, which changes their columns
        // too (FollowsType: the plan has no ALTER TABLE for those).
        std::vector<const Object*> typed;
        for (const auto& [k, t] : from_.objects()) {
          if (t.id.kind != ObjectKind::kTable || Str(t.def, "of_type") != Q(a.id)) continue;
          const Object* tb = to_.Find(k);
          if (tb && Str(tb->def, "of_type") == Q(b.id) && !Rebuilt(k) && !Replaced(k)) typed.push_back(tb);
        }
        std::string cascade = typed.empty() ? "" : " CASCADE";
        Hz data = {kData}, retype = {kMayFail};
        if (!typed.empty()) {
          data.push_back(kLock);
          retype.push_back(kLock);
          retype.push_back(kRewrite);
        }
        auto columns = [&](Stmt& s, const std::string& n) {
          for (const Object* t : typed) s.provides.push_back(ObjectId{ObjectKind::kColumn, t->id.schema, t->id.name, n, ""}.Key());
        };
        for (const auto& x : da["attributes"]) {
          if (!mb.count(Str(x, "name"))) Create(b, "alter", "ALTER TYPE " + q + " DROP ATTRIBUTE " + QuoteIdent(Str(x, "name")) + cascade, data);
        }
        for (const auto& x : d["attributes"]) {
          std::string n = Str(x, "name");
          std::string spec = QuoteIdent(n) + " " + (Has(x, "collation") ? Str(x, "type") + " COLLATE " + Str(x, "collation") : Str(x, "type"));
          if (!ma.count(n)) {
            columns(Create(b, "alter", "ALTER TYPE " + q + " ADD ATTRIBUTE " + spec + cascade), n);
          } else if (ma[n] != x) {
            columns(Create(b, "alter", "ALTER TYPE " + q + " ALTER ATTRIBUTE " + QuoteIdent(n) + " TYPE " + spec.substr(QuoteIdent(n).size() + 1) + cascade,
                           retype), n);
          }
        }
      }
      if (Str(d, "type") == "enum" && Differs(a, b, "labels")) {
        std::set<std::string> have;
        for (const auto& l : da["labels"]) have.insert(l.get<std::string>());
        const auto& lb = d["labels"];
        for (size_t i = 0; i < lb.size(); ++i) {
          std::string l = lb[i].get<std::string>();
          if (have.count(l)) continue;
          std::string where = i > 0 ? " AFTER " + QuoteLiteral(lb[i - 1].get<std::string>())
                                    : (lb.size() > 1 ? " BEFORE " + QuoteLiteral(lb[1].get<std::string>()) : "");
          Create(b, "alter", "ALTER TYPE " + q + " ADD VALUE " + QuoteLiteral(l) + where);
          have.insert(l);
        }
      }
      break;
    case ObjectKind::kDomain: {
      if (Differs(a, b, "default")) {
        Create(b, "alter", "ALTER DOMAIN " + q + (Has(d, "default") ? " SET DEFAULT " + Str(d, "default") : " DROP DEFAULT"));
      }
      if (Differs(a, b, "not_null")) {
        Create(b, "alter", "ALTER DOMAIN " + q + (Bool(d, "not_null") ? " SET NOT NULL" : " DROP NOT NULL"),
               Bool(d, "not_null") ? Hz{kMayFail} : Hz{});
      }
      const json& ca = da["constraints"];
      const json& cb = d["constraints"];
      for (auto it = ca.begin(); it != ca.end(); ++it) {
        if (!cb.contains(it.key()) || cb[it.key()] != it.value()) {
          Drop(b, "alter", "ALTER DOMAIN " + q + " DROP CONSTRAINT " + QuoteIdent(it.key())).drop_key = "domcon:" + b.id.Key();
        }
      }
      for (auto it = cb.begin(); it != cb.end(); ++it) {
        if (!ca.contains(it.key()) || ca[it.key()] != it.value()) {
          Create(b, "alter", "ALTER DOMAIN " + q + " ADD CONSTRAINT " + QuoteIdent(it.key()) + " " + it.value().get<std::string>(), {kMayFail});
        }
      }
      break;
    }
    default:
      break;
  }
}

void Planner::EmitTypeRename(const Object& a, const Object& b) {
  std::string key = b.id.Key();
  std::vector<std::string> cols;
  for (const auto& c : retype_) {
    const Object* fc = from_.Find(c);
    if (!fc) continue;
    if (std::find(fc->deps.begin(), fc->deps.end(), key) != fc->deps.end()) cols.push_back(c);
  }
  if (cols.empty()) {
    EmitDrop(a, "recreate");
    EmitCreate(b, "recreate");
    return;
  }
  std::string tmp = b.id.name.substr(0, 50) + "__graft_old";
  std::string word = b.id.kind == ObjectKind::kDomain ? "DOMAIN " : "TYPE ";
  Stmt& r = Create(b, "recreate", "ALTER " + word + Q(a.id) + " RENAME TO " + QuoteIdent(tmp));
  r.provides = {"rename:" + key};
  r.needs = {};
  size_t first = stmts_.size();
  EmitCreate(b, "recreate");
  for (size_t i = first; i < stmts_.size(); ++i) stmts_[i].needs.push_back("rename:" + key);
  Stmt& d = Create(b, "recreate", "DROP " + word + QualifiedName(a.id.schema, tmp));
  d.provides = {"dropold:" + key};
  d.needs = cols;
  for (const auto& c : cols) d.needs.push_back("default:" + c);
}


}  // namespace graft::ddl::internal
