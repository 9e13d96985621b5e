// Catalog queries. Each family is one query over all included namespaces
// ($1 = oid[] of included namespaces). Rows are turned into schema::Objects and
// every catalog address (class, oid, subid) we model is remembered so that
// pg_depend rows can be translated into model dependencies at the end.
#include "introspect/introspect.h"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/error.h"
#include "pg/transaction.h"
#include "schema/acl.h"
#include "schema/sql.h"

namespace graft::introspect {

using graft::schema::NormalizeAcl;
using graft::schema::Object;
using graft::schema::ObjectId;
using graft::schema::ObjectKind;
using graft::schema::Schema;
using nlohmann::json;

namespace {

// Catalog address of a dependency end: (catalog name, oid, subid).
struct Addr {
  std::string cls;
  std::string oid;
  int sub = 0;
  bool operator==(const Addr& o) const { return sub == o.sub && oid == o.oid && cls == o.cls; }
};

struct AddrHash {
  size_t operator()(const Addr& a) const {
    size_t h = std::hash<std::string>()(a.oid);
    h ^= std::hash<std::string>()(a.cls) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h ^ (static_cast<size_t>(a.sub) * 0x100000001b3ULL);
  }
};

json J(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return json::parse(*v);
}

json S(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return *v;
}

std::vector<std::string> StrList(const std::optional<std::string>& v) {
  std::vector<std::string> out;
  if (!v) return out;
  json j = json::parse(*v);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

json Acl(const std::optional<std::string>& v) { return NormalizeAcl(StrList(v)); }

bool B(const std::optional<std::string>& v) { return v && *v == "t"; }

// The extension-membership filter for catalog `cls` and object oid column `col`.
std::string NotExt(const std::string& cls, const std::string& col) {
  // NOT IN over a subquery without NULLs becomes one hashed subplan: a single
  // scan of pg_depend per query instead of one probe per row.
  return " AND " + col + " NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog." + cls +
         "'::pg_catalog.regclass AND e.deptype = 'e') ";
}

class Reader {
 public:
  Reader(pg::Conn& conn, const Options& opts) : conn_(conn), opts_(opts) {}

  Schema Run();

 private:
  pg::Result Q(const std::string& sql) { return conn_.Exec(sql, {nsp_param_}); }
  // Remembers that catalog address (cls, oid, sub) stands for model object
  // `key`. `primary`: the address is the object itself (so its pg_description
  // row is the object's comment), not an auxiliary one (array type, rowtype,
  // backing index...).
  // Catalog name of a catalog's oid ("1259" -> "pg_class"); rows of pg_depend
  // and pg_description carry class oids, which are cheaper to fetch as numbers.
  const std::string& ClassName(const std::string& oid) {
    if (class_names_.empty()) {
      auto r = conn_.Exec(
          "SELECT c.oid::text AS oid, c.relname::text AS name FROM pg_catalog.pg_class c "
          "WHERE c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.relkind = 'r'");
      for (size_t i = 0; i < r.rows.size(); ++i) class_names_[r.Str(i, "oid")] = r.Str(i, "name");
    }
    static const std::string kUnknown = "?";
    auto it = class_names_.find(oid);
    return it == class_names_.end() ? kUnknown : it->second;
  }
  void Map(const std::string& cls, const std::string& oid, int sub, const std::string& key, bool primary = true) {
    Addr a{cls, oid, sub};
    addr_[a] = key;
    if (primary) {
      comment_addr_[a] = key;
      identity_[key] = cls + ":" + oid + ":" + std::to_string(sub);
    }
  }
  // A new object that belongs to a table (trigger, policy, rule): its id
  // names the table and it depends on it. nullopt when the table is not read.
  std::optional<Object> TableChild(ObjectKind kind, const std::string& relid, const std::string& name) {
    auto rk = rel_key_.find(relid);
    if (rk == rel_key_.end()) return std::nullopt;
    const Object* rel = out_.Find(rk->second);
    Object o;
    o.id = ObjectId{kind, rel->id.schema, rel->id.name, name, ""};
    o.deps.push_back(rel->id.Key());
    return o;
  }
  Object& Put(Object o) {
    if (!o.id.schema.empty()) {
      o.deps.push_back(ObjectId{ObjectKind::kSchema, "", "", o.id.schema, ""}.Key());
    }
    return out_.Put(std::move(o));
  }
  void Role(const std::string& name) {
    if (name.empty() || name == "PUBLIC" || name == "public") return;
    roles_.insert(name);
  }
  void RolesFromAcl(const json& acl) {
    for (const auto& e : acl) Role(schema::ParseAclEntry(e.get<std::string>()).grantee);
  }

  void ReadNamespaces();
  void ReadExtensions();
  void ReadTypes();
  void ReadRelations();
  void ReadColumns();
  void ReadSequences();
  void ReadConstraints();
  void ReadIndexes();
  void ReadFunctions();
  void ReadTriggers();
  void ReadPolicies();
  void ReadRules();
  void ReadStatistics();
  void ReadDefaultAcls();
  void ReadCollations();
  void ReadUnsupported();
  void ReadDepends();
  void ReadComments();

  pg::Conn& conn_;
  const Options& opts_;
  Schema out_;
  std::string nsp_param_;
  std::map<std::string, std::string> nsp_names_;  // oid -> name
  std::unordered_map<Addr, std::string, AddrHash> addr_;          // catalog address -> model key
  std::unordered_map<Addr, std::string, AddrHash> comment_addr_;  // object's own address -> model key
  std::map<std::string, std::string> index_comment_addr_;  // backing index oid -> constraint key
  std::unordered_map<std::string, std::string> rel_kind_;  // relation oid -> relkind
  std::unordered_map<std::string, std::string> rel_key_;   // relation oid -> model key
  std::unordered_map<std::string, std::string> type_key_;  // composite type relid -> type key
  std::set<std::string> roles_;
  std::unordered_map<std::string, std::string> class_names_;
  std::unordered_map<std::string, std::string> identity_;  // model key -> "<catalog>:<oid>:<subid>"
};

Schema Reader::Run() {
  out_.server_version = conn_.ServerVersion();
  if (out_.server_version / 10000 != 15) {
    Fail(ErrorKind::kDatabase,
         "server version " + std::to_string(out_.server_version / 10000) + " is not supported",
         "graft supports PostgreSQL 15");
  }
  // One snapshot for every catalog read (or the caller's transaction).
  std::optional<pg::Transaction> tx;
  std::string saved_path;
  if (opts_.in_transaction) {
    saved_path = conn_.Exec("SELECT current_setting('search_path') AS p").Str(0, "p");
  } else {
    tx.emplace(conn_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  conn_.Exec("SET LOCAL search_path = ''");
  out_.current_user = conn_.Exec("SELECT current_user::text AS u").Str(0, "u");
  auto roles = conn_.Exec("SELECT rolname::text AS r FROM pg_catalog.pg_roles ORDER BY 1");
  for (size_t i = 0; i < roles.rows.size(); ++i) out_.cluster_roles.push_back(roles.Str(i, "r"));
  ReadNamespaces();
  ReadExtensions();
  ReadCollations();
  ReadTypes();
  ReadRelations();
  ReadColumns();
  ReadSequences();
  ReadConstraints();
  ReadIndexes();
  ReadFunctions();
  ReadTriggers();
  ReadPolicies();
  ReadRules();
  ReadStatistics();
  ReadDefaultAcls();
  ReadUnsupported();
  ReadDepends();
  ReadComments();
  if (tx) {
    tx->Commit();
  } else {
    conn_.Exec("SELECT set_config('search_path', $1, true)", {saved_path});
  }
  for (const auto& r : roles_) {
    Object o;
    o.id = ObjectId{ObjectKind::kRole, "", "", r, ""};
    out_.Put(std::move(o));
  }
  return std::move(out_);
}

void Reader::ReadNamespaces() {
  auto r = conn_.Exec(
      "SELECT n.oid::text AS oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner) AS owner, "
      "pg_catalog.to_json(COALESCE(n.nspacl, pg_catalog.acldefault('n'::\"char\", n.nspowner))::text[]) AS acl, "
      "NULL::text AS comment, "
      "EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_namespace'::regclass "
      "AND e.objid = n.oid AND e.deptype = 'e') AS ext "
      "FROM pg_catalog.pg_namespace n ORDER BY n.nspname");
  std::string param = "{";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string name = r.Str(i, "nspname");
    if (!SchemaIncluded(name, opts_)) continue;
    std::string oid = r.Str(i, "oid");
    nsp_names_[oid] = name;
    if (param.size() > 1) param += ",";
    param += oid;
    if (B(r.Get(i, "ext"))) continue;
    Object o;
    o.id = ObjectId{ObjectKind::kSchema, "", "", name, ""};
    o.def = {{"owner", r.Str(i, "owner")}, {"acl", Acl(r.Get(i, "acl"))}, {"comment", S(r.Get(i, "comment"))}};
    Role(r.Str(i, "owner"));
    RolesFromAcl(o.def["acl"]);
    Map("pg_namespace", oid, 0, o.id.Key());
    out_.Put(std::move(o));
  }
  nsp_param_ = param + "}";
}

void Reader::ReadExtensions() {
  auto r = Q(
      "SELECT e.oid::text AS oid, e.extname, n.nspname, e.extversion, "
      "NULL::text AS comment "
      "FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
      "WHERE e.extnamespace = ANY($1::oid[]) OR e.extnamespace = 'pg_catalog'::pg_catalog.regnamespace");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    Object o;
    o.id = ObjectId{ObjectKind::kExtension, "", "", r.Str(i, "extname"), ""};
    o.def = {{"schema", r.Str(i, "nspname")}, {"version", r.Str(i, "extversion")}, {"comment", S(r.Get(i, "comment"))}};
    o.deps.push_back(ObjectId{ObjectKind::kSchema, "", "", r.Str(i, "nspname"), ""}.Key());
    Map("pg_extension", r.Str(i, "oid"), 0, o.id.Key());
    out_.Put(std::move(o));
  }
}

void Reader::ReadTypes() {
  auto r = Q(
      "SELECT t.oid::text AS oid, t.typnamespace::text AS nsp, t.typname, t.typtype, t.typarray::text AS typarray, "
      "t.typrelid::text AS typrelid, pg_catalog.pg_get_userbyid(t.typowner) AS owner, "
      "pg_catalog.to_json(COALESCE(t.typacl, pg_catalog.acldefault('T'::\"char\", t.typowner))::text[]) AS acl, "
      "NULL::text AS comment, "
      "CASE WHEN t.typtype = 'e' THEN (SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder) "
      "  FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) END AS labels, "
      "CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS basetype, "
      "t.typnotnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS typdefault, "
      "CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN "
      "  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
      "   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
      "   WHERE co.oid = t.typcollation) END AS collation, "
      "pg_catalog.format_type(rg.rngsubtype, NULL) AS subtype, "
      "(SELECT pg_catalog.quote_ident(on_.nspname) || '.' || pg_catalog.quote_ident(oc.opcname) "
      "   FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.opcnamespace "
      "   WHERE oc.oid = rg.rngsubopc AND NOT oc.opcdefault) AS subopc, "
      "(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
      "   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
      "   WHERE co.oid = rg.rngcollation AND rg.rngcollation <> st.typcollation) AS rngcollation, "
      "NULLIF(rg.rngcanonical, 0)::regproc::text AS canonical, NULLIF(rg.rngsubdiff, 0)::regproc::text AS subdiff, "
      "(SELECT pg_catalog.quote_ident(mt.typname) FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid) AS multirange "
      "FROM pg_catalog.pg_type t "
      "LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype "
      "LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid "
      "LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype "
      "LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid "
      "WHERE t.typnamespace = ANY($1::oid[]) AND t.typtype IN ('e', 'd', 'r', 'c', 'b') "
      "AND (t.typtype <> 'c' OR c.relkind = 'c') "
      "AND (t.typtype <> 'b' OR (t.typelem = 0 OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el "
      "     WHERE el.oid = t.typelem AND el.typarray = t.oid))) " +
      NotExt("pg_type", "t.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string nsp = nsp_names_[r.Str(i, "nsp")];
    std::string tt = r.Str(i, "typtype");
    if (tt == "b") {
      out_.unsupported.push_back("base type " + schema::QualifiedName(nsp, r.Str(i, "typname")));
      continue;
    }
    Object o;
    o.id = ObjectId{tt == "d" ? ObjectKind::kDomain : ObjectKind::kType, nsp, "", r.Str(i, "typname"), ""};
    o.def = {{"owner", r.Str(i, "owner")}, {"acl", Acl(r.Get(i, "acl"))}, {"comment", S(r.Get(i, "comment"))}};
    if (tt == "e") {
      o.def["type"] = "enum";
      o.def["labels"] = J(r.Get(i, "labels"));
      if (o.def["labels"].is_null()) o.def["labels"] = json::array();
    } else if (tt == "d") {
      o.def["base_type"] = r.Str(i, "basetype");
      o.def["not_null"] = B(r.Get(i, "typnotnull"));
      o.def["default"] = S(r.Get(i, "typdefault"));
      o.def["collation"] = S(r.Get(i, "collation"));
      o.def["constraints"] = json::object();
    } else if (tt == "r") {
      o.def["type"] = "range";
      o.def["subtype"] = r.Str(i, "subtype");
      o.def["subtype_opclass"] = S(r.Get(i, "subopc"));
      o.def["collation"] = S(r.Get(i, "rngcollation"));
      o.def["canonical"] = S(r.Get(i, "canonical"));
      o.def["subtype_diff"] = S(r.Get(i, "subdiff"));
      o.def["multirange"] = S(r.Get(i, "multirange"));
    } else {
      o.def["type"] = "composite";
      o.def["attributes"] = json::array();
      type_key_[r.Str(i, "typrelid")] = o.id.Key();
      Map("pg_class", r.Str(i, "typrelid"), 0, o.id.Key(), false);
    }
    Role(r.Str(i, "owner"));
    RolesFromAcl(o.def["acl"]);
    Map("pg_type", r.Str(i, "oid"), 0, o.id.Key());
    Map("pg_type", r.Str(i, "typarray"), 0, o.id.Key(), false);
    Put(std::move(o));
  }
}

void Reader::ReadRelations() {
  auto r = Q(
      "SELECT c.oid::text AS oid, c.relnamespace::text AS nsp, c.relname, c.relkind, c.relpersistence, "
      "c.relispartition, c.reltype::text AS reltype, c.relrowsecurity, c.relforcerowsecurity, c.relreplident, "
      "pg_catalog.pg_get_userbyid(c.relowner) AS owner, "
      "pg_catalog.to_json(COALESCE(c.relacl, pg_catalog.acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\", "
      "  c.relowner))::text[]) AS acl, "
      "pg_catalog.to_json(c.reloptions) AS options, "
      "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkey, "
      "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partbound, "
      "(SELECT pg_catalog.json_agg(pg_catalog.json_build_array(pn.nspname, pc.relname) ORDER BY i.inhseqno) "
      "   FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent "
      "   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parents, "
      "CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS viewdef, "
      "(SELECT ci.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid "
      "   WHERE x.indrelid = c.oid AND x.indisclustered) AS clustered, "
      "(SELECT ci.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid "
      "   WHERE x.indrelid = c.oid AND x.indisreplident) AS replident_index, "
      "am.amname, NULL::text AS comment "
      "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam "
      "WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') " +
      NotExt("pg_class", "c.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string nsp = nsp_names_[r.Str(i, "nsp")];
    std::string kind = r.Str(i, "relkind");
    std::string name = r.Str(i, "relname");
    if (kind == "f") {
      out_.unsupported.push_back("foreign table " + schema::QualifiedName(nsp, name));
      continue;
    }
    Object o;
    ObjectKind k = kind == "v" ? ObjectKind::kView : kind == "m" ? ObjectKind::kMaterializedView : ObjectKind::kTable;
    o.id = ObjectId{k, nsp, "", name, ""};
    json options = J(r.Get(i, "options"));
    if (options.is_null()) options = json::array();
    o.def = {{"owner", r.Str(i, "owner")},
             {"acl", Acl(r.Get(i, "acl"))},
             {"comment", S(r.Get(i, "comment"))},
             {"options", options},
             {"columns", json::array()}};
    if (k == ObjectKind::kTable) {
      o.def["persistence"] = r.Str(i, "relpersistence");
      o.def["partition_key"] = S(r.Get(i, "partkey"));
      o.def["partition_bound"] = S(r.Get(i, "partbound"));
      o.def["rls"] = B(r.Get(i, "relrowsecurity"));
      o.def["rls_forced"] = B(r.Get(i, "relforcerowsecurity"));
      o.def["clustered_on"] = S(r.Get(i, "clustered"));
      std::string ri = r.Str(i, "relreplident");
      o.def["replica_identity"] = ri == "i" ? json("index " + r.Str(i, "replident_index")) : json(ri);
      json parents = J(r.Get(i, "parents"));
      json plist = json::array();
      if (parents.is_array()) {
        for (const auto& p : parents) {
          std::string pn = p[0].get<std::string>(), pr = p[1].get<std::string>();
          plist.push_back(json::array({pn, pr}));
          o.deps.push_back(ObjectId{ObjectKind::kTable, pn, "", pr, ""}.Key());
        }
      }
      if (B(r.Get(i, "relispartition"))) {
        o.def["partition_of"] = plist.empty() ? json(nullptr) : plist[0];
        o.def["inherits"] = json::array();
      } else {
        o.def["partition_of"] = nullptr;
        o.def["inherits"] = plist;
      }
    } else {
      o.def["definition"] = S(r.Get(i, "viewdef"));
      if (k == ObjectKind::kMaterializedView) o.def["access_method"] = S(r.Get(i, "amname"));
    }
    Role(r.Str(i, "owner"));
    RolesFromAcl(o.def["acl"]);
    std::string oid = r.Str(i, "oid");
    rel_kind_[oid] = kind;
    rel_key_[oid] = o.id.Key();
    Map("pg_class", oid, 0, o.id.Key());
    Map("pg_type", r.Str(i, "reltype"), 0, o.id.Key(), false);
    Put(std::move(o));
  }
}

void Reader::ReadColumns() {
  auto r = Q(
      "SELECT a.attrelid::text AS relid, c.relkind, a.attname, a.attnum, "
      "pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, a.attidentity, a.attgenerated, "
      "a.attislocal, a.attinhcount, d.oid::text AS defoid, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def, "
      "CASE WHEN a.attcollation <> t.typcollation THEN "
      "  (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
      "   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
      "   WHERE co.oid = a.attcollation) END AS collation, "
      "pg_catalog.to_json(a.attacl::text[]) AS acl, NULL::text AS comment, "
      "NULLIF(a.attstattarget, -1) AS stattarget, "
      "CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage "
      "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
      "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
      "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'c') "
      "AND a.attnum > 0 AND NOT a.attisdropped " +
      NotExt("pg_class", "c.oid") + " ORDER BY a.attrelid, a.attnum");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string relid = r.Str(i, "relid");
    std::string kind = r.Str(i, "relkind");
    if (kind == "c") {
      auto it = type_key_.find(relid);
      if (it == type_key_.end()) continue;
      Object* t = out_.FindMutable(it->second);
      json attr = {{"name", r.Str(i, "attname")}, {"type", r.Str(i, "type")}, {"collation", S(r.Get(i, "collation"))}};
      t->def["attributes"].push_back(attr);
      Map("pg_class", relid, std::stoi(r.Str(i, "attnum")), it->second, false);
      continue;
    }
    auto rk = rel_key_.find(relid);
    if (rk == rel_key_.end()) continue;
    Object* rel = out_.FindMutable(rk->second);
    Object o;
    o.id = ObjectId{ObjectKind::kColumn, rel->id.schema, rel->id.name, r.Str(i, "attname"), ""};
    o.def = {{"type", r.Str(i, "type")}, {"comment", S(r.Get(i, "comment"))}};
    json acl = Acl(r.Get(i, "acl"));
    o.def["acl"] = acl;
    RolesFromAcl(acl);
    if (kind == "r" || kind == "p") {
      o.def["collation"] = S(r.Get(i, "collation"));
      o.def["not_null"] = B(r.Get(i, "attnotnull"));
      o.def["identity"] = r.Str(i, "attidentity");
      bool generated = r.Str(i, "attgenerated") == "s";
      o.def["generated"] = generated ? S(r.Get(i, "def")) : json(nullptr);
      o.def["default"] = generated ? json(nullptr) : S(r.Get(i, "def"));
      o.def["local"] = B(r.Get(i, "attislocal"));
      o.def["inherited"] = r.Str(i, "attinhcount") != "0";
      o.def["statistics"] = r.Get(i, "stattarget") ? json(std::stoi(r.Str(i, "stattarget"))) : json(nullptr);
      o.def["storage"] = S(r.Get(i, "storage"));
    } else if (kind == "v") {
      o.def["default"] = S(r.Get(i, "def"));
    }
    rel->def["columns"].push_back(o.id.name);
    o.deps.push_back(rel->id.Key());
    std::string key = o.id.Key();
    Map("pg_class", relid, std::stoi(r.Str(i, "attnum")), key);
    if (r.Get(i, "defoid")) Map("pg_attrdef", r.Str(i, "defoid"), 0, key, false);
    Put(std::move(o));
  }
}

void Reader::ReadSequences() {
  auto r = Q(
      "SELECT c.oid::text AS oid, c.relnamespace::text AS nsp, c.relname, "
      "pg_catalog.format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS inc, "
      "s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle, "
      "c.relpersistence, pg_catalog.pg_get_userbyid(c.relowner) AS owner, "
      "pg_catalog.to_json(COALESCE(c.relacl, pg_catalog.acldefault('s'::\"char\", c.relowner))::text[]) AS acl, "
      "NULL::text AS comment, "
      "d.deptype, d.refobjid::text AS owner_rel, a.attname AS owner_col, "
      "on_.nspname AS owner_nsp, oc.relname AS owner_relname "
      "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid "
      "LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid "
      "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 "
      "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
      "LEFT JOIN pg_catalog.pg_class oc ON oc.oid = d.refobjid "
      "LEFT JOIN pg_catalog.pg_namespace on_ ON on_.oid = oc.relnamespace "
      "WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind = 'S' " +
      NotExt("pg_class", "c.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string nsp = nsp_names_[r.Str(i, "nsp")];
    json opts = {{"type", r.Str(i, "type")},   {"start", r.Str(i, "start")}, {"increment", r.Str(i, "inc")},
                 {"min", r.Str(i, "min")},     {"max", r.Str(i, "max")},     {"cache", r.Str(i, "cache")},
                 {"cycle", B(r.Get(i, "seqcycle"))}};
    if (r.Str(i, "deptype") == "i") {
      // Identity sequence: part of its column.
      ObjectId col{ObjectKind::kColumn, r.Str(i, "owner_nsp"), r.Str(i, "owner_relname"), r.Str(i, "owner_col"), ""};
      if (Object* c = out_.FindMutable(col.Key())) {
        opts["name"] = r.Str(i, "relname");
        c->def["identity_sequence"] = opts;
        Map("pg_class", r.Str(i, "oid"), 0, col.Key(), false);
      }
      continue;
    }
    Object o;
    o.id = ObjectId{ObjectKind::kSequence, nsp, "", r.Str(i, "relname"), ""};
    o.def = opts;
    o.def["owner"] = r.Str(i, "owner");
    o.def["acl"] = Acl(r.Get(i, "acl"));
    o.def["comment"] = S(r.Get(i, "comment"));
    o.def["persistence"] = r.Str(i, "relpersistence");
    if (r.Get(i, "owner_col")) {
      o.def["owned_by"] = json::array({r.Str(i, "owner_nsp"), r.Str(i, "owner_relname"), r.Str(i, "owner_col")});
    } else {
      o.def["owned_by"] = nullptr;
    }
    Role(r.Str(i, "owner"));
    RolesFromAcl(o.def["acl"]);
    Map("pg_class", r.Str(i, "oid"), 0, o.id.Key());
    Put(std::move(o));
  }
}

void Reader::ReadConstraints() {
  auto r = Q(
      "SELECT con.oid::text AS oid, con.connamespace::text AS nsp, con.conname, con.contype, "
      "con.conrelid::text AS relid, con.contypid::text AS typid, pg_catalog.pg_get_constraintdef(con.oid) AS def, "
      "con.conislocal, con.coninhcount, con.conparentid::text AS parentid, "
      "NULL::text AS comment, "
      "fn.nspname AS fnsp, fc.relname AS frel "
      "FROM pg_catalog.pg_constraint con "
      "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid "
      "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
      "WHERE con.connamespace = ANY($1::oid[]) AND con.contype <> 't' " +
      NotExt("pg_constraint", "con.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string typid = r.Str(i, "typid");
    std::string oid = r.Str(i, "oid");
    if (typid != "0") {
      auto it = addr_.find(Addr{"pg_type", typid, 0});
      if (it == addr_.end()) continue;
      Object* d = out_.FindMutable(it->second);
      if (!d || d->id.kind != ObjectKind::kDomain) continue;
      d->def["constraints"][r.Str(i, "conname")] = r.Str(i, "def");
      Map("pg_constraint", oid, 0, it->second, false);
      continue;
    }
    auto rk = rel_key_.find(r.Str(i, "relid"));
    if (rk == rel_key_.end()) continue;
    if (r.Str(i, "parentid") != "0") continue;                       // cloned into a partition
    if (!B(r.Get(i, "conislocal")) && r.Str(i, "coninhcount") != "0") continue;  // inherited
    const Object* rel = out_.Find(rk->second);
    Object o;
    o.id = ObjectId{ObjectKind::kConstraint, rel->id.schema, rel->id.name, r.Str(i, "conname"), ""};
    o.def = {{"type", r.Str(i, "contype")}, {"definition", r.Str(i, "def")}, {"comment", S(r.Get(i, "comment"))}};
    o.deps.push_back(rel->id.Key());
    if (r.Get(i, "frel")) o.deps.push_back(ObjectId{ObjectKind::kTable, r.Str(i, "fnsp"), "", r.Str(i, "frel"), ""}.Key());
    Map("pg_constraint", oid, 0, o.id.Key());
    Put(std::move(o));
  }
}

void Reader::ReadIndexes() {
  auto r = Q(
      "SELECT x.indexrelid::text AS oid, ci.relnamespace::text AS nsp, ci.relname, x.indrelid::text AS relid, "
      "pg_catalog.pg_get_indexdef(x.indexrelid) AS def, NULL::text AS comment, "
      "(SELECT con.oid::text FROM pg_catalog.pg_constraint con WHERE con.conindid = x.indexrelid "
      "   AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')) AS conoid, "
      "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = x.indexrelid) AS is_child, "
      "pg_catalog.to_json(ci.reloptions) AS options "
      "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid "
      "WHERE ci.relnamespace = ANY($1::oid[]) " +
      NotExt("pg_class", "x.indexrelid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string oid = r.Str(i, "oid");
    if (auto con = r.Get(i, "conoid")) {
      // Backing index of a constraint: the constraint stands for it.
      auto it = addr_.find(Addr{"pg_constraint", *con, 0});
      if (it != addr_.end()) {
        Map("pg_class", oid, 0, it->second, false);
        index_comment_addr_[oid] = it->second;
      }
      continue;
    }
    if (B(r.Get(i, "is_child"))) continue;
    auto rk = rel_key_.find(r.Str(i, "relid"));
    if (rk == rel_key_.end()) continue;
    const Object* rel = out_.Find(rk->second);
    std::string def = r.Str(i, "def");
    auto only = def.find(" ON ONLY ");
    if (only != std::string::npos) def.replace(only, 9, " ON ");
    Object o;
    o.id = ObjectId{ObjectKind::kIndex, nsp_names_[r.Str(i, "nsp")], "", r.Str(i, "relname"), ""};
    o.def = {{"table", rel->id.name}, {"definition", def}, {"comment", S(r.Get(i, "comment"))}};
    o.deps.push_back(rel->id.Key());
    Map("pg_class", oid, 0, o.id.Key());
    Put(std::move(o));
  }
}

void Reader::ReadFunctions() {
  auto r = Q(
      "SELECT p.oid::text AS oid, p.pronamespace::text AS nsp, p.proname, p.prokind, "
      "pg_catalog.oidvectortypes(p.proargtypes) AS idargs, "
      "pg_catalog.pg_get_function_arguments(p.oid) AS args, pg_catalog.pg_get_function_result(p.oid) AS result, "
      "CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS def, "
      "pg_catalog.pg_get_userbyid(p.proowner) AS owner, "
      "pg_catalog.to_json(COALESCE(p.proacl, pg_catalog.acldefault('f'::\"char\", p.proowner))::text[]) AS acl, "
      "NULL::text AS comment, l.lanname, "
      "ag.aggtransfn::regproc::text AS sfunc, pg_catalog.format_type(ag.aggtranstype, NULL) AS stype, "
      "NULLIF(ag.aggfinalfn, 0)::regproc::text AS finalfunc, NULLIF(ag.aggcombinefn, 0)::regproc::text AS combinefunc, "
      "ag.agginitval AS initcond, NULLIF(ag.aggsortop, 0)::regoperator::text AS sortop, ag.aggkind, "
      "ag.aggfinalextra, ag.aggfinalmodify "
      "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang "
      "LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid "
      "WHERE p.pronamespace = ANY($1::oid[]) "
      // Functions a type made for itself (multirange constructors) go with it.
      "AND p.oid NOT IN (SELECT i.objid FROM pg_catalog.pg_depend i WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
      "  AND i.deptype = 'i') " +
      NotExt("pg_proc", "p.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string pk = r.Str(i, "prokind");
    std::string nsp = nsp_names_[r.Str(i, "nsp")];
    ObjectKind k = pk == "p" ? ObjectKind::kProcedure : pk == "a" ? ObjectKind::kAggregate : ObjectKind::kFunction;
    Object o;
    o.id = ObjectId{k, nsp, "", r.Str(i, "proname"), r.Str(i, "idargs")};
    o.def = {{"arguments", r.Str(i, "args")},
             {"result", S(r.Get(i, "result"))},
             {"language", r.Str(i, "lanname")},
             {"owner", r.Str(i, "owner")},
             {"acl", Acl(r.Get(i, "acl"))},
             {"comment", S(r.Get(i, "comment"))}};
    if (k == ObjectKind::kAggregate) {
      if (r.Str(i, "aggkind") != "n") {
        out_.unsupported.push_back("ordered-set aggregate " + o.id.Display());
        continue;
      }
      o.def["sfunc"] = r.Str(i, "sfunc");
      o.def["stype"] = r.Str(i, "stype");
      o.def["finalfunc"] = S(r.Get(i, "finalfunc"));
      o.def["finalfunc_extra"] = B(r.Get(i, "aggfinalextra"));
      o.def["combinefunc"] = S(r.Get(i, "combinefunc"));
      o.def["initcond"] = S(r.Get(i, "initcond"));
      o.def["sortop"] = S(r.Get(i, "sortop"));
    } else {
      o.def["definition"] = r.Str(i, "def");
    }
    Role(r.Str(i, "owner"));
    RolesFromAcl(o.def["acl"]);
    Map("pg_proc", r.Str(i, "oid"), 0, o.id.Key());
    Put(std::move(o));
  }
}

void Reader::ReadTriggers() {
  auto r = Q(
      "SELECT t.oid::text AS oid, t.tgrelid::text AS relid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, "
      "t.tgenabled, NULL::text AS comment "
      "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
      "WHERE c.relnamespace = ANY($1::oid[]) AND NOT t.tgisinternal AND t.tgparentid = 0 " +
      NotExt("pg_trigger", "t.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    auto o = TableChild(ObjectKind::kTrigger, r.Str(i, "relid"), r.Str(i, "tgname"));
    if (!o) continue;
    o->def = {{"definition", r.Str(i, "def")}, {"enabled", r.Str(i, "tgenabled")}, {"comment", S(r.Get(i, "comment"))}};
    Map("pg_trigger", r.Str(i, "oid"), 0, o->id.Key());
    Put(std::move(*o));
  }
}

void Reader::ReadPolicies() {
  auto r = Q(
      "SELECT p.oid::text AS oid, p.polrelid::text AS relid, p.polname, p.polpermissive, p.polcmd, "
      "pg_catalog.to_json(ARRAY(SELECT CASE WHEN x = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(x)::text END "
      "  FROM pg_catalog.unnest(p.polroles) x ORDER BY 1)) AS roles, "
      "pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual, "
      "pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS withcheck, "
      "NULL::text AS comment "
      "FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
      "WHERE c.relnamespace = ANY($1::oid[])");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    auto o = TableChild(ObjectKind::kPolicy, r.Str(i, "relid"), r.Str(i, "polname"));
    if (!o) continue;
    json roles = J(r.Get(i, "roles"));
    o->def = {{"permissive", B(r.Get(i, "polpermissive"))},
              {"command", r.Str(i, "polcmd")},
              {"roles", roles},
              {"using", S(r.Get(i, "qual"))},
              {"with_check", S(r.Get(i, "withcheck"))},
              {"comment", S(r.Get(i, "comment"))}};
    for (const auto& x : roles) Role(x.get<std::string>());
    Map("pg_policy", r.Str(i, "oid"), 0, o->id.Key());
    Put(std::move(*o));
  }
}

void Reader::ReadRules() {
  auto r = Q(
      "SELECT w.oid::text AS oid, w.ev_class::text AS relid, w.rulename, pg_catalog.pg_get_ruledef(w.oid) AS def, "
      "w.ev_enabled, NULL::text AS comment "
      "FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class c ON c.oid = w.ev_class "
      "WHERE c.relnamespace = ANY($1::oid[])" +
      NotExt("pg_rewrite", "w.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    auto rk = rel_key_.find(r.Str(i, "relid"));
    if (rk == rel_key_.end()) continue;
    if (r.Str(i, "rulename") == "_RETURN") {
      Map("pg_rewrite", r.Str(i, "oid"), 0, rk->second, false);
      continue;
    }
    auto o = TableChild(ObjectKind::kRule, r.Str(i, "relid"), r.Str(i, "rulename"));
    o->def = {{"definition", r.Str(i, "def")}, {"enabled", r.Str(i, "ev_enabled")}, {"comment", S(r.Get(i, "comment"))}};
    Map("pg_rewrite", r.Str(i, "oid"), 0, o->id.Key());
    Put(std::move(*o));
  }
}

void Reader::ReadStatistics() {
  auto r = Q(
      "SELECT s.oid::text AS oid, s.stxnamespace::text AS nsp, s.stxname, s.stxrelid::text AS relid, "
      "pg_catalog.pg_get_statisticsobjdef(s.oid) AS def, s.stxstattarget, "
      "NULL::text AS comment "
      "FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace = ANY($1::oid[])" +
      NotExt("pg_statistic_ext", "s.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    Object o;
    o.id = ObjectId{ObjectKind::kStatistics, nsp_names_[r.Str(i, "nsp")], "", r.Str(i, "stxname"), ""};
    o.def = {{"definition", r.Str(i, "def")}, {"comment", S(r.Get(i, "comment"))}};
    std::string st = r.Str(i, "stxstattarget");
    o.def["statistics"] = st == "-1" ? json(nullptr) : json(std::stoi(st));
    auto rk = rel_key_.find(r.Str(i, "relid"));
    if (rk != rel_key_.end()) o.deps.push_back(rk->second);
    Map("pg_statistic_ext", r.Str(i, "oid"), 0, o.id.Key());
    Put(std::move(o));
  }
}

void Reader::ReadCollations() {
  auto r = Q(
      "SELECT c.oid::text AS oid, c.collnamespace::text AS nsp, c.collname, c.collprovider, c.collcollate, c.collctype, "
      "c.colliculocale, c.collisdeterministic, pg_catalog.pg_get_userbyid(c.collowner) AS owner, "
      "NULL::text AS comment "
      "FROM pg_catalog.pg_collation c WHERE c.collnamespace = ANY($1::oid[])" +
      NotExt("pg_collation", "c.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    Object o;
    o.id = ObjectId{ObjectKind::kCollation, nsp_names_[r.Str(i, "nsp")], "", r.Str(i, "collname"), ""};
    o.def = {{"provider", r.Str(i, "collprovider")}, {"collate", S(r.Get(i, "collcollate"))}, {"ctype", S(r.Get(i, "collctype"))},
             {"icu_locale", S(r.Get(i, "colliculocale"))}, {"deterministic", B(r.Get(i, "collisdeterministic"))},
             {"owner", r.Str(i, "owner")}, {"comment", S(r.Get(i, "comment"))}};
    Role(r.Str(i, "owner"));
    Map("pg_collation", r.Str(i, "oid"), 0, o.id.Key());
    Put(std::move(o));
  }
}

void Reader::ReadDefaultAcls() {
  auto r = Q(
      "SELECT pg_catalog.pg_get_userbyid(d.defaclrole) AS role, n.nspname, d.defaclobjtype, "
      "pg_catalog.to_json(d.defaclacl::text[]) AS acl "
      "FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace "
      "WHERE d.defaclnamespace = 0 OR d.defaclnamespace = ANY($1::oid[])");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string t = r.Str(i, "defaclobjtype");
    std::string objtype = t == "r" ? "TABLES" : t == "S" ? "SEQUENCES" : t == "f" ? "FUNCTIONS" : t == "T" ? "TYPES" : "SCHEMAS";
    Object o;
    o.id = ObjectId{ObjectKind::kDefaultPrivileges, r.Str(i, "nspname"), "", r.Str(i, "role"), objtype};
    o.def = {{"acl", Acl(r.Get(i, "acl"))}};
    Role(r.Str(i, "role"));
    RolesFromAcl(o.def["acl"]);
    Put(std::move(o));
  }
}

void Reader::ReadUnsupported() {
  auto r = Q(
      "SELECT 'operator ' || o.oid::regoperator::text AS what FROM pg_catalog.pg_operator o "
      "  WHERE o.oprnamespace = ANY($1::oid[])" + NotExt("pg_operator", "o.oid") +
      "UNION ALL SELECT 'text search configuration ' || t.cfgname FROM pg_catalog.pg_ts_config t "
      "  WHERE t.cfgnamespace = ANY($1::oid[])" + NotExt("pg_ts_config", "t.oid") +
      "UNION ALL SELECT 'text search dictionary ' || t.dictname FROM pg_catalog.pg_ts_dict t "
      "  WHERE t.dictnamespace = ANY($1::oid[])" + NotExt("pg_ts_dict", "t.oid") +
      "UNION ALL SELECT 'operator class ' || t.opcname FROM pg_catalog.pg_opclass t "
      "  WHERE t.opcnamespace = ANY($1::oid[])" + NotExt("pg_opclass", "t.oid") +
      "UNION ALL SELECT 'operator family ' || t.opfname FROM pg_catalog.pg_opfamily t "
      "  WHERE t.opfnamespace = ANY($1::oid[])" + NotExt("pg_opfamily", "t.oid") +
      "UNION ALL SELECT 'conversion ' || t.conname FROM pg_catalog.pg_conversion t "
      "  WHERE t.connamespace = ANY($1::oid[])" + NotExt("pg_conversion", "t.oid") +
      "UNION ALL SELECT 'event trigger ' || t.evtname FROM pg_catalog.pg_event_trigger t "
      "  WHERE true" + NotExt("pg_event_trigger", "t.oid") +
      "UNION ALL SELECT 'foreign server ' || t.srvname FROM pg_catalog.pg_foreign_server t "
      "  WHERE true" + NotExt("pg_foreign_server", "t.oid") +
      "UNION ALL SELECT 'foreign-data wrapper ' || t.fdwname FROM pg_catalog.pg_foreign_data_wrapper t "
      "  WHERE true" + NotExt("pg_foreign_data_wrapper", "t.oid") +
      "UNION ALL SELECT 'publication ' || t.pubname FROM pg_catalog.pg_publication t "
      "UNION ALL SELECT 'cast ' || pg_catalog.format_type(t.castsource, NULL) || ' as ' || "
      "  pg_catalog.format_type(t.casttarget, NULL) FROM pg_catalog.pg_cast t WHERE t.oid >= 16384" +
      NotExt("pg_cast", "t.oid"));
  for (size_t i = 0; i < r.rows.size(); ++i) out_.unsupported.push_back(r.Str(i, "what"));
  std::sort(out_.unsupported.begin(), out_.unsupported.end());
}

void Reader::ReadDepends() {
  // Members of a modelled extension stand for the extension itself.
  auto ext = conn_.Exec(
      "SELECT d.classid::text AS cls, d.objid::text AS objid, d.refobjid::text AS ext "
      "FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'");
  for (size_t i = 0; i < ext.rows.size(); ++i) {
    auto e = addr_.find(Addr{"pg_extension", ext.Str(i, "ext"), 0});
    if (e == addr_.end()) continue;
    Addr a{ClassName(ext.Str(i, "cls")), ext.Str(i, "objid"), 0};
    if (!addr_.count(a)) addr_[a] = e->second;
  }
  auto r = conn_.Exec(
      "SELECT d.classid::text AS cls, d.objid::text AS objid, d.objsubid, "
      "d.refclassid::text AS refcls, d.refobjid::text AS refobjid, d.refobjsubid, d.deptype "
      "FROM pg_catalog.pg_depend d WHERE d.objid >= 16384 AND d.refobjid >= 16384 "
      "AND d.deptype IN ('n', 'a', 'i')");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    int sub = std::stoi(r.Str(i, "objsubid"));
    const std::string& cls = ClassName(r.Str(i, "cls"));
    auto from = addr_.find(Addr{cls, r.Str(i, "objid"), sub});
    if (from == addr_.end() && sub != 0) from = addr_.find(Addr{cls, r.Str(i, "objid"), 0});
    if (from == addr_.end()) continue;
    int refsub = std::stoi(r.Str(i, "refobjsubid"));
    const std::string& refcls = ClassName(r.Str(i, "refcls"));
    auto to = addr_.find(Addr{refcls, r.Str(i, "refobjid"), refsub});
    if (to == addr_.end() && refsub != 0) to = addr_.find(Addr{refcls, r.Str(i, "refobjid"), 0});
    if (to == addr_.end() || to->second == from->second) continue;
    Object* o = out_.FindMutable(from->second);
    if (!o) continue;
    // OWNED BY is modelled in the sequence's definition, not as a dependency
    // (it would make a cycle with the column default that uses it).
    if (o->id.kind == ObjectKind::kSequence && r.Str(i, "deptype") == "a") continue;
    o->deps.push_back(to->second);
  }
  // Sorted, unique deps keep the model deterministic.
  for (const auto& [key, obj] : out_.objects()) {
    Object* o = out_.FindMutable(key);
    std::sort(o->deps.begin(), o->deps.end());
    o->deps.erase(std::unique(o->deps.begin(), o->deps.end()), o->deps.end());
    (void)obj;
  }
}

void Reader::ReadComments() {
  auto r = conn_.Exec(
      "SELECT d.classoid::text AS cls, d.objoid::text AS oid, d.objsubid, d.description "
      "FROM pg_catalog.pg_description d WHERE d.objoid >= 16384 OR d.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string cls = ClassName(r.Str(i, "cls")), oid = r.Str(i, "oid");
    int sub = std::stoi(r.Str(i, "objsubid"));
    if (cls == "pg_class" && sub == 0) {
      auto ic = index_comment_addr_.find(oid);
      if (ic != index_comment_addr_.end()) {
        if (Object* o = out_.FindMutable(ic->second)) o->def["index_comment"] = r.Str(i, "description");
        continue;
      }
    }
    auto it = comment_addr_.find(Addr{cls, oid, sub});
    if (it == comment_addr_.end()) continue;
    Object* o = out_.FindMutable(it->second);
    if (o && o->def.contains("comment")) o->def["comment"] = r.Str(i, "description");
  }
  // Each object's own catalog address is its identity (the merge matches renames by it).
  for (const auto& [key, identity] : identity_) {
    if (Object* o = out_.FindMutable(key)) o->identity = identity;
  }
}

}  // namespace

bool SchemaIncluded(const std::string& name, const Options& opts) {
  if (name == "pg_catalog" || name == "information_schema") return false;
  if (name.rfind("pg_toast", 0) == 0 || name.rfind("pg_temp", 0) == 0) return false;
  for (const auto& e : opts.exclude_schemas) {
    if (e == name) return false;
  }
  if (opts.include_schemas.empty()) return true;
  for (const auto& s : opts.include_schemas) {
    if (s == name) return true;
  }
  return false;
}

Schema Introspect(pg::Conn& conn, const Options& opts) {
  Reader reader(conn, opts);
  return reader.Run();
}

}  // namespace graft::introspect
