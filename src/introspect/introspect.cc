// Catalog queries. Each family is one query over all included namespaces
// ($1 = oid[] of included namespaces), kept as sql/introspect/<family>.sql and
// embedded at build time (queries.h). Rows are turned into schema::Objects and
// every catalog address (class, oid, subid) we model is remembered so that
// pg_depend rows can be translated into model dependencies at the end.
#include "introspect/introspect.h"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/error.h"
#include "introspect/kinds.h"
#include "introspect/queries.h"
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

class Reader {
 public:
  Reader(pg::Conn& conn, const Options& opts) : conn_(conn), opts_(opts) {}

  Schema Run();

 private:
  // Runs catalog query `name` (sql/introspect/<name>.sql) with $1 = the included namespaces.
  pg::Result Q(std::string_view name) { return conn_.Exec(Query(name), {nsp_param_}); }
  // Remembers that catalog address (cls, oid, sub) stands for model object
  // `key`. `primary`: the address is the object itself (so its pg_description
  // row is the object's comment), not an auxiliary one (array type, rowtype,
  // backing index...).
  // Catalog name of a catalog's oid ("1259" -> "pg_class"); rows of pg_depend
  // and pg_description carry class oids, which are cheaper to fetch as numbers.
  const std::string& ClassName(const std::string& oid) {
    if (class_names_.empty()) {
      auto r = conn_.Exec(Query("catalog_classes"));
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
  // Database-wide kinds (kinds.cc): in no schema, so read whatever the schema list.
  for (auto& f : internal::ReadDatabaseKinds(conn_)) {
    for (size_t k = 0; k < f.addrs.size(); ++k) Map(f.addrs[k].cls, f.addrs[k].oid, 0, f.object.id.Key(), k == 0);
    for (const auto& role : f.roles) Role(role);
    Put(std::move(f.object));
  }
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
  auto r = conn_.Exec(Query("namespaces"));
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
  auto r = Q("extensions");
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
  auto r = Q("types");
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
  auto r = Q("relations");
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
  auto r = Q("columns");
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
  auto r = Q("sequences");
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
  auto r = Q("constraints");
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
  auto r = Q("indexes");
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
  auto r = Q("functions");
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
  auto r = Q("triggers");
  for (size_t i = 0; i < r.rows.size(); ++i) {
    auto o = TableChild(ObjectKind::kTrigger, r.Str(i, "relid"), r.Str(i, "tgname"));
    if (!o) continue;
    o->def = {{"definition", r.Str(i, "def")}, {"enabled", r.Str(i, "tgenabled")}, {"comment", S(r.Get(i, "comment"))}};
    Map("pg_trigger", r.Str(i, "oid"), 0, o->id.Key());
    Put(std::move(*o));
  }
}

void Reader::ReadPolicies() {
  auto r = Q("policies");
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
  auto r = Q("rules");
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
  auto r = Q("statistics");
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
  auto r = Q("collations");
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
  auto r = Q("default_acls");
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
  auto r = Q("unsupported");
  for (size_t i = 0; i < r.rows.size(); ++i) out_.unsupported.push_back(r.Str(i, "what"));
  std::sort(out_.unsupported.begin(), out_.unsupported.end());
}

void Reader::ReadDepends() {
  // Members of a modelled extension stand for the extension itself.
  auto ext = conn_.Exec(Query("extension_members"));
  for (size_t i = 0; i < ext.rows.size(); ++i) {
    auto e = addr_.find(Addr{"pg_extension", ext.Str(i, "ext"), 0});
    if (e == addr_.end()) continue;
    Addr a{ClassName(ext.Str(i, "cls")), ext.Str(i, "objid"), 0};
    if (!addr_.count(a)) addr_[a] = e->second;
  }
  auto r = conn_.Exec(Query("depends"));
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
  auto r = conn_.Exec(Query("comments"));
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
