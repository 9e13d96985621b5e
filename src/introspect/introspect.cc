// The reader's frame: the loader table, the transaction every query runs in,
// and the loaders that tie objects together at the end (extension members,
// pg_depend, pg_description). The per-family loaders are in relations.cc,
// types.cc and table_children.cc (reader.h says how to add one).
#include "introspect/introspect.h"

#include <algorithm>
#include <charconv>

#include "common/error.h"
#include "introspect/kinds.h"
#include "introspect/queries.h"
#include "introspect/reader.h"
#include "pg/transaction.h"
#include "schema/acl.h"
#include "schema/sql.h"

namespace graft::introspect {

namespace internal {

const std::vector<Loader>& Loaders() {
  // {query (sql/introspect/<name>.sql), takes $1 = included namespaces, loader}
  static const std::vector<Loader> loaders = {
      {"namespaces", false, &Reader::ReadNamespaces},
      {"extensions", true, &Reader::ReadExtensions},
      {"collations", true, &Reader::ReadCollations},
      {"types", true, &Reader::ReadTypes},
      {"relations", true, &Reader::ReadRelations},
      {"columns", true, &Reader::ReadColumns},
      {"sequences", true, &Reader::ReadSequences},
      {"constraints", true, &Reader::ReadConstraints},
      {"indexes", true, &Reader::ReadIndexes},
      {"functions", true, &Reader::ReadFunctions},
      {"triggers", true, &Reader::ReadTriggers},
      {"policies", true, &Reader::ReadPolicies},
      {"rules", true, &Reader::ReadRules},
      {"statistics", true, &Reader::ReadStatistics},
      {"default_acls", true, &Reader::ReadDefaultAcls},
      // New kinds read here (their objects exist before pg_depend is read).
      {"unsupported", true, &Reader::ReadUnsupported},
      {"extension_members", false, &Reader::ReadExtensionMembers},
      {"depends", false, &Reader::ReadDepends},
      {"comments", false, &Reader::ReadComments},
  };
  return loaders;
}

const std::vector<Catalog>& KnownCatalogs() {
  static const std::vector<Catalog> all = {kPgType,       kPgProc,   kPgClass,     kPgAttrdef,
                                           kPgConstraint, kPgRewrite, kPgTrigger,  kPgNamespace,
                                           kPgExtension,  kPgPolicy,  kPgStatisticExt, kPgCollation};
  return all;
}

uint32_t Oid(std::string_view text) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) {
    Fail(ErrorKind::kDatabase, "catalog query returned \"" + std::string(text) + "\" where an oid was expected");
  }
  return v;
}

int32_t Int(std::string_view text) {
  int32_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) {
    Fail(ErrorKind::kDatabase, "catalog query returned \"" + std::string(text) + "\" where a number was expected");
  }
  return v;
}

json J(std::optional<std::string_view> v) {
  if (!v) return nullptr;
  return json::parse(*v);
}

json S(std::optional<std::string_view> v) {
  if (!v) return nullptr;
  return std::string(*v);
}

json Acl(std::optional<std::string_view> v) {
  std::vector<std::string> items;
  if (v) {
    json j = json::parse(*v);
    if (j.is_array()) {
      for (auto& e : j) {
        if (e.is_string()) items.push_back(std::move(e.get_ref<std::string&>()));
      }
    }
  }
  return schema::NormalizeAcl(items);
}

bool B(std::optional<std::string_view> v) { return v && *v == "t"; }

namespace {

size_t HashAddr(const Addr& a) {
  uint64_t x = (static_cast<uint64_t>(a.oid) << 32) ^ (static_cast<uint64_t>(a.cls) << 16) ^
               static_cast<uint64_t>(static_cast<uint32_t>(a.sub));
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return static_cast<size_t>(x);
}

}  // namespace

size_t AddrMap::Probe(const Addr& a) const {
  size_t mask = slots_.size() - 1;
  for (size_t i = HashAddr(a) & mask;; i = (i + 1) & mask) {
    const Addr& at = slots_[i].addr;
    if (at.cls == 0 || at == a) return i;
  }
}

const AddrSlot* AddrMap::Find(const Addr& a) const {
  if (slots_.empty()) return nullptr;
  const AddrSlot& s = slots_[Probe(a)];
  return s.addr.cls == 0 ? nullptr : &s;
}

AddrSlot& AddrMap::Slot(const Addr& a) {
  if (a.cls == 0) Fail(ErrorKind::kDatabase, "catalog address with catalog oid 0");
  if (2 * (used_ + 1) > slots_.size()) Grow();
  AddrSlot& s = slots_[Probe(a)];
  if (s.addr.cls == 0) {
    s.addr = a;
    ++used_;
  }
  return s;
}

void AddrMap::Grow() {
  std::vector<AddrSlot> old;
  old.swap(slots_);
  slots_.resize(old.empty() ? 4096 : 2 * old.size());
  for (const AddrSlot& s : old) {
    if (s.addr.cls != 0) slots_[Probe(s.addr)] = s;
  }
}

void Reader::ReadDatabaseKinds() {
  std::unordered_map<std::string, uint32_t> catalog_oid;
  for (const auto& [oid, name] : class_names_) catalog_oid[name] = oid;
  for (auto& f : internal::ReadDatabaseKinds(conn_)) {
    std::vector<Catalog> catalogs;
    for (const auto& a : f.addrs) {
      auto c = catalog_oid.find(a.cls);
      if (c == catalog_oid.end()) Fail(ErrorKind::kDatabase, "catalog " + a.cls + " is missing on this server");
      catalogs.push_back(Catalog{c->second, c->first.c_str()});
    }
    for (const auto& role : f.roles) Role(role);
    Entry& e = Put(std::move(f.object));
    for (size_t k = 0; k < f.addrs.size(); ++k) Map(catalogs[k], Oid(f.addrs[k].oid), 0, e, k == 0);
  }
}

void Reader::Map(const Catalog& cls, uint32_t oid, int32_t sub, Entry& e, bool primary) {
  AddrSlot& s = addr_.Slot(Addr{cls.oid, oid, sub});
  s.target = &e;
  if (primary) {
    s.comment = &e;
    // Each object's own catalog address is its identity (the merge matches renames by it).
    std::string& id = e.second.identity;
    id = cls.name;
    id += ':';
    id += std::to_string(oid);
    id += ':';
    id += std::to_string(sub);
  }
}

std::optional<Object> Reader::TableChild(ObjectKind kind, uint32_t relid, std::string_view name) {
  auto rk = rel_.find(relid);
  if (rk == rel_.end()) return std::nullopt;
  const Object& rel = rk->second->second;
  Object o;
  o.id = ObjectId{kind, rel.id.schema, rel.id.name, std::string(name), ""};
  o.deps.push_back(rk->second->first);
  return o;
}

Entry& Reader::Put(Object o) {
  if (!o.id.schema.empty()) {
    o.deps.push_back(ObjectId{ObjectKind::kSchema, "", "", o.id.schema, ""}.Key());
  }
  return out_.PutEntry(std::move(o));
}

void Reader::Role(std::string_view name) {
  if (name.empty() || name == "PUBLIC" || name == "public") return;
  roles_.emplace(name);
}

void Reader::RolesFromAcl(const json& acl) {
  for (const auto& e : acl) Role(schema::ParseAclEntry(e.get<std::string>()).grantee);
}

const std::string& Reader::Nsp(std::string_view oid) const {
  static const std::string kNone;
  auto it = nsp_names_.find(Oid(oid));
  return it == nsp_names_.end() ? kNone : it->second;
}

// The fixed catalog oids in reader.h are the server's.
void Reader::CheckCatalogs() {
  auto r = conn_.Query(Query("catalog_classes"));
  for (size_t i = 0; i < r.size(); ++i) class_names_[Oid(r.View(i, "oid"))] = r.Str(i, "name");
  for (const auto& c : KnownCatalogs()) {
    auto it = class_names_.find(c.oid);
    if (it == class_names_.end() || it->second != c.name) {
      Fail(ErrorKind::kDatabase, std::string("catalog ") + c.name + " does not have its PostgreSQL 15 oid " +
                                     std::to_string(c.oid) + " on this server");
    }
  }
}

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
  auto roles = conn_.Query("SELECT rolname::text AS r FROM pg_catalog.pg_roles ORDER BY 1");
  for (size_t i = 0; i < roles.size(); ++i) out_.cluster_roles.push_back(roles.Str(i, "r"));
  CheckCatalogs();
  for (const auto& l : Loaders()) {
    // The database-wide kinds (kinds.cc) are in no schema: read whatever the
    // schema list, before the loaders that tie objects together.
    if (std::string_view(l.query) == "unsupported") ReadDatabaseKinds();
    pg::Rows rows = l.nsp_param ? conn_.Query(Query(l.query), {nsp_param_}) : conn_.Query(Query(l.query));
    (this->*l.read)(rows);
  }
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

void Reader::ReadNamespaces(const pg::Rows& r) {
  std::string param = "{";
  int c_name = r.Col("nspname"), c_oid = r.Col("oid"), c_owner = r.Col("owner");
  for (size_t i = 0; i < r.size(); ++i) {
    std::string name(r.View(i, c_name));
    if (!SchemaIncluded(name, opts_)) continue;
    std::string_view oid = r.View(i, c_oid);
    nsp_names_[Oid(oid)] = name;
    if (param.size() > 1) param += ",";
    param += oid;
    if (B(r.Get(i, "ext"))) continue;
    Object o;
    o.id = ObjectId{ObjectKind::kSchema, "", "", name, ""};
    o.def["owner"] = r.Str(i, "owner");
    o.def["acl"] = Acl(r.Get(i, "acl"));
    o.def["comment"] = S(r.Get(i, "comment"));
    Role(r.View(i, c_owner));
    RolesFromAcl(o.def["acl"]);
    Map(kPgNamespace, Oid(oid), 0, out_.PutEntry(std::move(o)));
  }
  nsp_param_ = param + "}";
}

void Reader::ReadExtensions(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    Object o;
    std::string nsp = r.Str(i, "nspname");
    o.id = ObjectId{ObjectKind::kExtension, "", "", r.Str(i, "extname"), ""};
    o.def["schema"] = nsp;
    o.def["version"] = r.Str(i, "extversion");
    o.def["comment"] = S(r.Get(i, "comment"));
    o.deps.push_back(ObjectId{ObjectKind::kSchema, "", "", nsp, ""}.Key());
    Map(kPgExtension, Oid(r.View(i, "oid")), 0, out_.PutEntry(std::move(o)));
  }
}

void Reader::ReadUnsupported(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) out_.unsupported.push_back(r.Str(i, "what"));
  std::sort(out_.unsupported.begin(), out_.unsupported.end());
}

// Members of a modelled extension stand for the extension itself.
void Reader::ReadExtensionMembers(const pg::Rows& r) {
  int c_ext = r.Col("ext"), c_cls = r.Col("cls"), c_objid = r.Col("objid");
  for (size_t i = 0; i < r.size(); ++i) {
    const AddrSlot* e = addr_.Find(Addr{kPgExtension.oid, Oid(r.View(i, c_ext)), 0});
    if (!e) continue;
    Entry* ext = e->target;  // before Slot(), which may move the slots
    AddrSlot& member = addr_.Slot(Addr{Oid(r.View(i, c_cls)), Oid(r.View(i, c_objid)), 0});
    if (!member.target && !member.comment) member.target = ext;
  }
}

void Reader::ReadDepends(const pg::Rows& r) {
  int c_cls = r.Col("cls"), c_objid = r.Col("objid"), c_sub = r.Col("objsubid"), c_refcls = r.Col("refcls"),
      c_refobjid = r.Col("refobjid"), c_refsub = r.Col("refobjsubid"), c_deptype = r.Col("deptype");
  // An address whose slot has no target (a comment-only slot cannot occur:
  // Map sets both) stands for nothing.
  auto find = [this](uint32_t cls, uint32_t oid, int32_t sub) -> Entry* {
    const AddrSlot* s = addr_.Find(Addr{cls, oid, sub});
    if (!s && sub != 0) s = addr_.Find(Addr{cls, oid, 0});
    return s ? s->target : nullptr;
  };
  for (size_t i = 0; i < r.size(); ++i) {
    Entry* from = find(Oid(r.View(i, c_cls)), Oid(r.View(i, c_objid)), Int(r.View(i, c_sub)));
    if (!from) continue;
    Entry* to = find(Oid(r.View(i, c_refcls)), Oid(r.View(i, c_refobjid)), Int(r.View(i, c_refsub)));
    if (!to || to == from) continue;
    Object& o = from->second;
    // OWNED BY is modelled in the sequence's definition, not as a dependency
    // (it would make a cycle with the column default that uses it).
    if (o.id.kind == ObjectKind::kSequence && r.View(i, c_deptype) == "a") continue;
    o.deps.push_back(to->first);
  }
  // Sorted, unique deps keep the model deterministic.
  out_.ForEachMutable([](const std::string&, Object& o) {
    std::sort(o.deps.begin(), o.deps.end());
    o.deps.erase(std::unique(o.deps.begin(), o.deps.end()), o.deps.end());
  });
}

void Reader::ReadComments(const pg::Rows& r) {
  int c_cls = r.Col("cls"), c_oid = r.Col("oid"), c_sub = r.Col("objsubid"), c_desc = r.Col("description");
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t cls = Oid(r.View(i, c_cls)), oid = Oid(r.View(i, c_oid));
    int32_t sub = Int(r.View(i, c_sub));
    if (cls == kPgClass.oid && sub == 0) {
      auto ic = index_comment_.find(oid);
      if (ic != index_comment_.end()) {
        ic->second->second.def["index_comment"] = r.Str(i, "description");
        continue;
      }
    }
    const AddrSlot* s = addr_.Find(Addr{cls, oid, sub});
    if (!s || !s->comment) continue;
    Object& o = s->comment->second;
    if (o.def.contains("comment")) o.def["comment"] = std::string(r.View(i, c_desc));
  }
}

}  // namespace internal

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

graft::schema::Schema Introspect(pg::Conn& conn, const Options& opts) {
  internal::Reader reader(conn, opts);
  return reader.Run();
}

}  // namespace graft::introspect
