// Readers of the database-wide kinds (see kinds.h). Definitions follow
// defs/model_fields.json: options keep their stored order ("name=value"),
// privileges are normalised like every other ACL, and a user mapping's
// secret options arrive redacted from the query itself.
#include "introspect/kinds.h"

#include <nlohmann/json.hpp>

#include "introspect/queries.h"
#include "schema/acl.h"
#include "schema/sql.h"

namespace graft::introspect::internal {

using nlohmann::json;
using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;

namespace {

json Nullable(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json JsonOr(const std::optional<std::string>& v, json fallback) {
  if (!v) return fallback;
  json j = json::parse(*v);
  return j.is_null() ? fallback : j;
}

json Acl(const std::optional<std::string>& v) {
  std::vector<std::string> items;
  for (const auto& e : JsonOr(v, json::array())) items.push_back(e.get<std::string>());
  return schema::NormalizeAcl(items);
}

std::vector<std::string> AclRoles(const json& acl) {
  std::vector<std::string> out;
  for (const auto& e : acl) out.push_back(schema::ParseAclEntry(e.get<std::string>()).grantee);
  return out;
}

// Whether kinds_present.sql found rows in the catalog query `name` reads.
bool Present(const pg::Result& present, const std::string& name) { return present.Str(0, name) == "t"; }

ObjectId Id(ObjectKind k, const std::string& name, const std::string& parent = "") {
  return ObjectId{k, "", parent, name, ""};
}

void ReadPublications(pg::Conn& conn, std::vector<FoundObject>& out) {
  auto r = conn.Exec(Query("publications"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    FoundObject f;
    Object& o = f.object;
    o.id = Id(ObjectKind::kPublication, r.Str(i, "pubname"));
    json tables = json::object();
    f.addrs.push_back({"pg_publication", r.Str(i, "oid")});
    for (const auto& t : JsonOr(r.Get(i, "tables"), json::array())) {
      std::string schema = t["schema"].get<std::string>(), table = t["table"].get<std::string>();
      tables[schema::QualifiedName(schema, table)] = {{"columns", t["columns"]}, {"where", t["where"]}};
      o.deps.push_back(ObjectId{ObjectKind::kTable, schema, "", table, ""}.Key());
      f.addrs.push_back({"pg_publication_rel", t["oid"].get<std::string>()});
    }
    json schemas = json::array();
    for (const auto& s : JsonOr(r.Get(i, "schemas"), json::array())) {
      schemas.push_back(s["schema"]);
      o.deps.push_back(ObjectId{ObjectKind::kSchema, "", "", s["schema"].get<std::string>(), ""}.Key());
      f.addrs.push_back({"pg_publication_namespace", s["oid"].get<std::string>()});
    }
    o.def = {{"owner", r.Str(i, "owner")},
             {"comment", nullptr},
             {"all_tables", r.Str(i, "puballtables") == "t"},
             {"publish", r.Str(i, "publish")},
             {"via_root", r.Str(i, "pubviaroot") == "t"},
             {"tables", tables},
             {"schemas", schemas}};
    f.roles.push_back(r.Str(i, "owner"));
    out.push_back(std::move(f));
  }
}

void ReadEventTriggers(pg::Conn& conn, std::vector<FoundObject>& out) {
  auto r = conn.Exec(Query("event_triggers"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    FoundObject f;
    Object& o = f.object;
    o.id = Id(ObjectKind::kEventTrigger, r.Str(i, "evtname"));
    o.def = {{"owner", r.Str(i, "owner")},
             {"comment", nullptr},
             {"event", r.Str(i, "evtevent")},
             {"function", r.Str(i, "function")},
             {"tags", JsonOr(r.Get(i, "tags"), json::array())},
             {"enabled", r.Str(i, "evtenabled")}};
    f.addrs.push_back({"pg_event_trigger", r.Str(i, "oid")});
    f.roles.push_back(r.Str(i, "owner"));
    out.push_back(std::move(f));
  }
}

// The foreign-data wrappers, servers and user mappings whose catalog has rows
// (a query over an empty one is not run).
void ReadForeign(pg::Conn& conn, const pg::Result& present, std::vector<FoundObject>& out) {
  auto w = Present(present, "foreign_data_wrappers") ? conn.Exec(Query("foreign_data_wrappers")) : pg::Result{};
  for (size_t i = 0; i < w.rows.size(); ++i) {
    FoundObject f;
    Object& o = f.object;
    o.id = Id(ObjectKind::kForeignDataWrapper, w.Str(i, "fdwname"));
    o.def = {{"owner", w.Str(i, "owner")},
             {"acl", Acl(w.Get(i, "acl"))},
             {"comment", nullptr},
             {"handler", Nullable(w.Get(i, "handler"))},
             {"validator", Nullable(w.Get(i, "validator"))},
             {"options", OptionList(w.Get(i, "options"))}};
    f.addrs.push_back({"pg_foreign_data_wrapper", w.Str(i, "oid")});
    f.roles = AclRoles(o.def["acl"]);
    f.roles.push_back(w.Str(i, "owner"));
    out.push_back(std::move(f));
  }
  auto s = Present(present, "foreign_servers") ? conn.Exec(Query("foreign_servers")) : pg::Result{};
  for (size_t i = 0; i < s.rows.size(); ++i) {
    FoundObject f;
    Object& o = f.object;
    o.id = Id(ObjectKind::kForeignServer, s.Str(i, "srvname"));
    o.def = {{"owner", s.Str(i, "owner")},
             {"acl", Acl(s.Get(i, "acl"))},
             {"comment", nullptr},
             {"fdw", s.Str(i, "fdw")},
             {"type", Nullable(s.Get(i, "srvtype"))},
             {"version", Nullable(s.Get(i, "srvversion"))},
             {"options", OptionList(s.Get(i, "options"))}};
    o.deps.push_back(Id(ObjectKind::kForeignDataWrapper, s.Str(i, "fdw")).Key());
    f.addrs.push_back({"pg_foreign_server", s.Str(i, "oid")});
    f.roles = AclRoles(o.def["acl"]);
    f.roles.push_back(s.Str(i, "owner"));
    out.push_back(std::move(f));
  }
  auto u = Present(present, "user_mappings") ? conn.Exec(Query("user_mappings")) : pg::Result{};
  for (size_t i = 0; i < u.rows.size(); ++i) {
    FoundObject f;
    Object& o = f.object;
    std::string user = u.Str(i, "usename");
    o.id = Id(ObjectKind::kUserMapping, user, u.Str(i, "srvname"));
    o.def = {{"options", OptionList(u.Get(i, "options"))}};
    o.deps.push_back(Id(ObjectKind::kForeignServer, u.Str(i, "srvname")).Key());
    if (user != "public") {
      o.deps.push_back(Id(ObjectKind::kRole, user).Key());
      f.roles.push_back(user);
    }
    f.addrs.push_back({"pg_user_mapping", u.Str(i, "oid")});
    out.push_back(std::move(f));
  }
}

void ReadCasts(pg::Conn& conn, std::vector<FoundObject>& out) {
  auto r = conn.Exec(Query("casts"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    FoundObject f;
    Object& o = f.object;
    o.id = Id(ObjectKind::kCast, r.Str(i, "source") + " AS " + r.Str(i, "target"));
    o.def = {{"comment", nullptr},
             {"source", r.Str(i, "source")},
             {"target", r.Str(i, "target")},
             {"function", Nullable(r.Get(i, "function"))},
             {"context", r.Str(i, "castcontext")},
             {"method", r.Str(i, "castmethod")}};
    f.addrs.push_back({"pg_cast", r.Str(i, "oid")});
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<std::string> OptionList(const std::optional<std::string>& json_text) {
  std::vector<std::string> out;
  for (const auto& e : JsonOr(json_text, json::array())) out.push_back(e.get<std::string>());
  return out;
}

std::vector<FoundObject> ReadDatabaseKinds(pg::Conn& conn) {
  pg::Result present = conn.Exec(Query("kinds_present"));
  std::vector<FoundObject> out;
  if (Present(present, "publications")) ReadPublications(conn, out);
  if (Present(present, "event_triggers")) ReadEventTriggers(conn, out);
  ReadForeign(conn, present, out);
  if (Present(present, "casts")) ReadCasts(conn, out);
  return out;
}

}  // namespace graft::introspect::internal
