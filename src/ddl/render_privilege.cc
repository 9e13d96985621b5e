// Renderer for what every object carries: comment, owner and privileges
// (GRANT/REVOKE), and for ALTER DEFAULT PRIVILEGES. The one ACL diff
// (DiffAcl) serves object privileges, column privileges and default
// privileges alike.
#include <algorithm>
#include <map>

#include "ddl/planner.h"
#include "schema/acl.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;
using schema::QuoteLiteral;

// The privileges Postgres gives an object of this kind when its ACL is NULL.
std::vector<std::string> DefaultAcl(ObjectKind k, const std::string& owner) {
  auto e = [&](const std::string& who, const char* p) { return schema::AclEntry{who, p, false}.ToString(); };
  std::vector<std::string> out;
  switch (k) {
    case ObjectKind::kTable:
    case ObjectKind::kView:
    case ObjectKind::kMaterializedView:
      for (const char* p : {"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}) out.push_back(e(owner, p));
      break;
    case ObjectKind::kSequence:
      for (const char* p : {"USAGE", "SELECT", "UPDATE"}) out.push_back(e(owner, p));
      break;
    case ObjectKind::kFunction:
    case ObjectKind::kProcedure:
    case ObjectKind::kAggregate:
      out = {e(owner, "EXECUTE"), e("PUBLIC", "EXECUTE")};
      break;
    case ObjectKind::kType:
    case ObjectKind::kDomain:
      out = {e(owner, "USAGE"), e("PUBLIC", "USAGE")};
      break;
    case ObjectKind::kSchema:
      out = {e(owner, "USAGE"), e(owner, "CREATE")};
      break;
    case ObjectKind::kForeignDataWrapper:
    case ObjectKind::kForeignServer:
      out = {e(owner, "USAGE")};
      break;
    default:
      break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> AclOf(const json& def) {
  std::vector<std::string> out;
  if (def.contains("acl") && def["acl"].is_array()) {
    for (const auto& a : def["acl"]) out.push_back(a.get<std::string>());
  }
  return out;
}


AclDelta DiffAcl(std::vector<std::string> from, std::vector<std::string> to) {
  std::sort(from.begin(), from.end());
  std::sort(to.begin(), to.end());
  AclDelta d;
  std::set_difference(from.begin(), from.end(), to.begin(), to.end(), std::back_inserter(d.revoke));
  std::set_difference(to.begin(), to.end(), from.begin(), from.end(), std::back_inserter(d.grant));
  return d;
}

namespace {

std::string Grantee(const std::string& g) { return g == "PUBLIC" ? "PUBLIC" : QuoteIdent(g); }

// Where default privileges for `id` start from: Postgres' built-in defaults
// (global entries) or nothing (per schema).
std::vector<std::string> DefaultPrivilegesBase(const ObjectId& id) {
  if (!id.schema.empty()) return {};
  ObjectKind k = id.args == "TABLES" ? ObjectKind::kTable : id.args == "SEQUENCES" ? ObjectKind::kSequence
                 : id.args == "FUNCTIONS" ? ObjectKind::kFunction : id.args == "TYPES" ? ObjectKind::kType
                                                                                           : ObjectKind::kSchema;
  return DefaultAcl(k, id.name);
}

struct Line {
  std::string action, sql;
};

// One ALTER DEFAULT PRIVILEGES statement per entry of `d`, revokes first.
std::vector<Line> DefaultPrivilegeSql(const ObjectId& id, const AclDelta& d) {
  std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + QuoteIdent(id.name) +
                       (id.schema.empty() ? "" : " IN SCHEMA " + QuoteIdent(id.schema));
  std::vector<Line> out;
  for (const auto& e : d.revoke) {
    auto x = schema::ParseAclEntry(e);
    out.push_back({"revoke", prefix + " REVOKE " + x.privilege + " ON " + id.args + " FROM " + Grantee(x.grantee)});
  }
  for (const auto& e : d.grant) {
    auto x = schema::ParseAclEntry(e);
    out.push_back({"grant", prefix + " GRANT " + x.privilege + " ON " + id.args + " TO " + Grantee(x.grantee) +
                                (x.grantable ? " WITH GRANT OPTION" : "")});
  }
  return out;
}

}  // namespace

void Planner::EmitAcl(const Object& o, const std::vector<std::string>& from_acl, const std::vector<std::string>& to_acl,
                      const std::string& target, const std::string& column) {
  AclDelta delta = DiffAcl(from_acl, to_acl);
  std::string col = column.empty() ? "" : " (" + QuoteIdent(column) + ")";
  // Group by grantee (and grant option) to keep statements short.
  std::map<std::pair<std::string, bool>, std::vector<std::string>> rv, gr;
  for (const auto& e : delta.revoke) {
    auto x = schema::ParseAclEntry(e);
    rv[{x.grantee, false}].push_back(x.privilege);
  }
  for (const auto& e : delta.grant) {
    auto x = schema::ParseAclEntry(e);
    gr[{x.grantee, x.grantable}].push_back(x.privilege);
  }
  auto join = [&](const std::vector<std::string>& ps) {
    std::string s;
    for (size_t i = 0; i < ps.size(); ++i) s += (i ? ", " : "") + ps[i] + col;
    return s;
  };
  for (const auto& [g, ps] : rv) {
    Stmt& s = After(o, "revoke", "REVOKE " + join(ps) + " ON " + target + " FROM " + Grantee(g.first));
    if (g.first != "PUBLIC") s.needs.push_back(RoleKey(g.first));
  }
  for (const auto& [g, ps] : gr) {
    Stmt& s = After(o, "grant",
                    "GRANT " + join(ps) + " ON " + target + " TO " + Grantee(g.first) + (g.second ? " WITH GRANT OPTION" : ""));
    if (g.first != "PUBLIC") s.needs.push_back(RoleKey(g.first));
  }
}

// Comment, owner and privileges of `b`; `a` is its previous state, or null
// when `b` was just created.
void Planner::EmitMeta(const Object* a, const Object& b) {
  const json& db = b.def;
  json ca = a ? (a->def.contains("comment") ? a->def["comment"] : json(nullptr)) : json(nullptr);
  json cb = db.contains("comment") ? db["comment"] : json(nullptr);
  if (ca != cb && b.id.kind != ObjectKind::kRole && b.id.kind != ObjectKind::kDefaultPrivileges) {
    After(b, "comment",
          "COMMENT ON " + DesignatorOf(b) + " IS " + (cb.is_null() ? std::string("NULL") : QuoteLiteral(cb.get<std::string>())));
  }
  json ia = a && a->def.contains("index_comment") ? a->def["index_comment"] : json(nullptr);
  json ib = db.contains("index_comment") ? db["index_comment"] : json(nullptr);
  if (ia != ib) {
    After(b, "comment", "COMMENT ON INDEX " + Q(b.id) + " IS " + (ib.is_null() ? std::string("NULL") : QuoteLiteral(ib.get<std::string>())));
  }
  std::string owner_b = Str(db, "owner");
  std::string owner_a;
  if (a) owner_a = Str(a->def, "owner");
  else owner_a = to_.current_user.empty() ? owner_b : from_.current_user.empty() ? to_.current_user : from_.current_user;
  bool linked_seq = b.id.kind == ObjectKind::kSequence && Has(db, "owned_by") && a && Has(a->def, "owned_by");
  if (linked_seq) {
    const json& ob = db["owned_by"];
    const Object* ta = from_.Find(ObjectId{ObjectKind::kTable, ob[0].get<std::string>(), "", ob[1].get<std::string>(), ""});
    const Object* tb = to_.Find(ObjectId{ObjectKind::kTable, ob[0].get<std::string>(), "", ob[1].get<std::string>(), ""});
    if (ta && tb && Str(ta->def, "owner") != Str(tb->def, "owner") && Str(tb->def, "owner") == owner_b) linked_seq = true;
    else linked_seq = false;
  }
  if (db.contains("owner") && owner_a != owner_b && !linked_seq) {
    Stmt& s = After(b, "alter owner", "ALTER " + (IsForeign(b) ? DesignatorOf(b) : AlterTarget(b.id)) + " OWNER TO " + QuoteIdent(owner_b));
    s.needs.push_back(ObjectId{ObjectKind::kRole, "", "", owner_b, ""}.Key());
  }
  if (!db.contains("acl")) return;
  std::string target = GrantTarget(b.id);
  if (target.empty()) return;
  std::vector<std::string> from_acl;
  if (a) {
    from_acl = AclOf(a->def);
    if (owner_a != owner_b) {
      // ALTER OWNER moves the old owner's privileges to the new owner.
      for (auto& e : from_acl) {
        auto x = schema::ParseAclEntry(e);
        if (x.grantee == owner_a) {
          x.grantee = owner_b;
          e = x.ToString();
        }
      }
    }
  } else {
    from_acl = DefaultAcl(b.id.kind, owner_b);
  }
  EmitAcl(b, from_acl, AclOf(db), target);
}

// Column-level details that CREATE TABLE / ADD COLUMN do not carry: comment,

void Planner::CreateDefaultPrivileges(const Object& o) {
  for (const auto& l : DefaultPrivilegeSql(o.id, DiffAcl(DefaultPrivilegesBase(o.id), AclOf(o.def)))) {
    After(o, l.action, l.sql).needs.clear();
  }
}

// Back to the built-in defaults: undo what `o` granted.
void Planner::DropDefaultPrivileges(const Object& o) {
  for (const auto& l : DefaultPrivilegeSql(o.id, DiffAcl(AclOf(o.def), DefaultPrivilegesBase(o.id)))) {
    Drop(o, l.action, l.sql);
  }
}

void Planner::AlterDefaultPrivileges(const Object& a, const Object& b) {
  for (const auto& l : DefaultPrivilegeSql(b.id, DiffAcl(AclOf(a.def), AclOf(b.def)))) Create(b, l.action, l.sql);
}

}  // namespace graft::ddl::internal
