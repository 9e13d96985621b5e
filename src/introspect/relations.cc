// Loaders of relations and what hangs off them: tables (a foreign table is a
// table with def.server and def.foreign_options), views and materialized
// views, their columns, sequences (identity sequences go into their column),
// table constraints (domain constraints into their domain) and indexes (a
// constraint's backing index is the constraint).
#include "common/error.h"
#include "introspect/reader.h"
#include "schema/sql.h"

namespace graft::introspect::internal {

void Reader::ReadRelations(const pg::Rows& r) {
  int c_nsp = r.Col("nsp"), c_kind = r.Col("relkind"), c_name = r.Col("relname"), c_owner = r.Col("owner"),
      c_oid = r.Col("oid");
  for (size_t i = 0; i < r.size(); ++i) {
    const std::string& nsp = Nsp(r.View(i, c_nsp));
    std::string_view kind = r.View(i, c_kind);
    std::string name(r.View(i, c_name));
    Object o;
    ObjectKind k = kind == "v" ? ObjectKind::kView : kind == "m" ? ObjectKind::kMaterializedView : ObjectKind::kTable;
    o.id = ObjectId{k, nsp, "", std::move(name), ""};
    json options = J(r.Get(i, "options"));
    if (options.is_null()) options = json::array();
    json& def = o.def;
    def["owner"] = std::string(r.View(i, c_owner));
    def["acl"] = Acl(r.Get(i, "acl"));
    def["comment"] = S(r.Get(i, "comment"));
    def["options"] = std::move(options);
    def["columns"] = json::array();
    if (k == ObjectKind::kTable) {
      def["persistence"] = r.Str(i, "relpersistence");
      def["partition_key"] = S(r.Get(i, "partkey"));
      def["partition_bound"] = S(r.Get(i, "partbound"));
      def["rls"] = B(r.Get(i, "relrowsecurity"));
      def["rls_forced"] = B(r.Get(i, "relforcerowsecurity"));
      def["clustered_on"] = S(r.Get(i, "clustered"));
      std::string ri = r.Str(i, "relreplident");
      def["replica_identity"] = ri == "i" ? json("index " + r.Str(i, "replident_index")) : json(ri);
      if (!r.IsNull(i, "oftype")) def["of_type"] = r.Str(i, "oftype");  // CREATE TABLE ... OF type
      if (kind == "f") {
        // A foreign table: a table with a server and its options.
        def["server"] = r.Str(i, "server");
        json fo = J(r.Get(i, "ftoptions"));
        def["foreign_options"] = fo.is_array() ? std::move(fo) : json::array();
        o.deps.push_back(ObjectId{ObjectKind::kForeignServer, "", "", r.Str(i, "server"), ""}.Key());
      }
      json parents = J(r.Get(i, "parents"));
      json plist = json::array();
      if (parents.is_array()) {
        for (const auto& p : parents) {
          std::string pn = p[0].get<std::string>(), pr = p[1].get<std::string>();
          o.deps.push_back(ObjectId{ObjectKind::kTable, pn, "", pr, ""}.Key());
          plist.push_back(json::array({std::move(pn), std::move(pr)}));
        }
      }
      if (B(r.Get(i, "relispartition"))) {
        def["partition_of"] = plist.empty() ? json(nullptr) : plist[0];
        def["inherits"] = json::array();
      } else {
        def["partition_of"] = nullptr;
        def["inherits"] = std::move(plist);
      }
    } else {
      def["definition"] = S(r.Get(i, "viewdef"));
      if (k == ObjectKind::kMaterializedView) def["access_method"] = S(r.Get(i, "amname"));
    }
    Role(r.View(i, c_owner));
    RolesFromAcl(def["acl"]);
    uint32_t oid = Oid(r.View(i, c_oid));
    uint32_t reltype = Oid(r.View(i, "reltype"));
    Entry& e = Put(std::move(o));
    rel_[oid] = &e;
    Map(kPgClass, oid, 0, e);
    Map(kPgType, reltype, 0, e, false);
  }
}

void Reader::ReadColumns(const pg::Rows& r) {
  int c_relid = r.Col("relid"), c_kind = r.Col("relkind"), c_name = r.Col("attname"), c_type = r.Col("type"),
      c_coll = r.Col("collation"), c_attnum = r.Col("attnum"), c_comment = r.Col("comment"), c_acl = r.Col("acl"),
      c_notnull = r.Col("attnotnull"), c_ident = r.Col("attidentity"), c_gen = r.Col("attgenerated"),
      c_def = r.Col("def"), c_local = r.Col("attislocal"), c_inh = r.Col("attinhcount"),
      c_stat = r.Col("stattarget"), c_storage = r.Col("storage"), c_defoid = r.Col("defoid");
  auto get = [&r](size_t i, int c) -> std::optional<std::string_view> {
    if (r.IsNull(i, c)) return std::nullopt;
    return r.View(i, c);
  };
  // Rows come ordered by relation: the relation found for the previous row is
  // usually this row's too.
  uint32_t last_relid = 0;
  Entry* rel = nullptr;
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t relid = Oid(r.View(i, c_relid));
    std::string_view kind = r.View(i, c_kind);
    int32_t attnum = Int(r.View(i, c_attnum));
    if (kind == "c") {
      auto it = composite_.find(relid);
      if (it == composite_.end()) continue;
      Object* t = &it->second->second;
      json attr = json::object();
      attr["name"] = std::string(r.View(i, c_name));
      attr["type"] = std::string(r.View(i, c_type));
      attr["collation"] = S(get(i, c_coll));
      t->def["attributes"].push_back(std::move(attr));
      Map(kPgClass, relid, attnum, *it->second, false);
      continue;
    }
    if (!rel || relid != last_relid) {
      auto rk = rel_.find(relid);
      rel = rk == rel_.end() ? nullptr : rk->second;
      last_relid = relid;
    }
    if (!rel) continue;
    Object& relation = rel->second;
    Object o;
    o.id = ObjectId{ObjectKind::kColumn, relation.id.schema, relation.id.name, std::string(r.View(i, c_name)), ""};
    json& def = o.def;
    def["type"] = std::string(r.View(i, c_type));
    def["comment"] = S(get(i, c_comment));
    def["acl"] = Acl(get(i, c_acl));
    RolesFromAcl(def["acl"]);
    if (kind == "r" || kind == "p" || kind == "f") {
      def["collation"] = S(get(i, c_coll));
      def["not_null"] = B(get(i, c_notnull));
      def["identity"] = std::string(r.View(i, c_ident));
      bool generated = r.View(i, c_gen) == "s";
      def["generated"] = generated ? S(get(i, c_def)) : json(nullptr);
      def["default"] = generated ? json(nullptr) : S(get(i, c_def));
      def["local"] = B(get(i, c_local));
      def["inherited"] = r.View(i, c_inh) != "0";
      def["statistics"] = r.IsNull(i, c_stat) ? json(nullptr) : json(Int(r.View(i, c_stat)));
      def["storage"] = S(get(i, c_storage));
      // Attribute options (n_distinct=...), only where set.
      if (!r.IsNull(i, "attoptions")) def["options"] = json::parse(r.View(i, "attoptions"));
      // A foreign table column's FDW options, only where set.
      if (!r.IsNull(i, "fdwoptions")) def["fdw_options"] = json::parse(r.View(i, "fdwoptions"));
    } else if (kind == "v") {
      def["default"] = S(get(i, c_def));
    }
    relation.def["columns"].push_back(o.id.name);
    o.deps.push_back(rel->first);
    Entry& e = Put(std::move(o));
    Map(kPgClass, relid, attnum, e);
    if (!r.IsNull(i, c_defoid)) Map(kPgAttrdef, Oid(r.View(i, c_defoid)), 0, e, false);
  }
}

void Reader::ReadSequences(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    const std::string& nsp = Nsp(r.View(i, "nsp"));
    json opts = json::object();
    opts["type"] = r.Str(i, "type");
    opts["start"] = r.Str(i, "start");
    opts["increment"] = r.Str(i, "inc");
    opts["min"] = r.Str(i, "min");
    opts["max"] = r.Str(i, "max");
    opts["cache"] = r.Str(i, "cache");
    opts["cycle"] = B(r.Get(i, "seqcycle"));
    if (r.View(i, "deptype") == "i") {
      // Identity sequence: part of its column.
      ObjectId col{ObjectKind::kColumn, r.Str(i, "owner_nsp"), r.Str(i, "owner_relname"), r.Str(i, "owner_col"), ""};
      if (Entry* c = out_.FindEntry(col.Key())) {
        opts["name"] = r.Str(i, "relname");
        c->second.def["identity_sequence"] = std::move(opts);
        Map(kPgClass, Oid(r.View(i, "oid")), 0, *c, false);
      }
      continue;
    }
    Object o;
    o.id = ObjectId{ObjectKind::kSequence, nsp, "", r.Str(i, "relname"), ""};
    o.def = std::move(opts);
    o.def["owner"] = r.Str(i, "owner");
    o.def["acl"] = Acl(r.Get(i, "acl"));
    o.def["comment"] = S(r.Get(i, "comment"));
    o.def["persistence"] = r.Str(i, "relpersistence");
    if (!r.IsNull(i, "owner_col")) {
      o.def["owned_by"] = json::array({r.Str(i, "owner_nsp"), r.Str(i, "owner_relname"), r.Str(i, "owner_col")});
    } else {
      o.def["owned_by"] = nullptr;
    }
    Role(r.View(i, "owner"));
    RolesFromAcl(o.def["acl"]);
    uint32_t oid = Oid(r.View(i, "oid"));
    Map(kPgClass, oid, 0, Put(std::move(o)));
  }
}

namespace {

// A partition's clone of a partitioned key or index: the parent (a catalog
// oid), the partition's model key and the clone's name.
struct CloneName {
  uint32_t parent;
  const std::string* partition;  // a key in the Schema
  std::string name;
};

// def.partition_names of each parent found: {partition key: clone name}.
// `up` maps a clone's oid to its parent's: the clone in a sub-partition
// (multi-level partitioning) has the clone in its partitioned parent as
// parent, and is named under the top one.
void PutCloneNames(const std::vector<CloneName>& clones, const std::unordered_map<uint32_t, uint32_t>& up, uint32_t catalog,
                   ObjectKind kind, const AddrMap& addr) {
  for (const auto& c : clones) {
    uint32_t top = c.parent;
    for (size_t hops = 0; hops < 64; ++hops) {
      auto u = up.find(top);
      if (u == up.end()) break;
      top = u->second;
    }
    const AddrSlot* s = addr.Find(Addr{catalog, top, 0});
    if (!s || !s->target) continue;
    Object& o = s->target->second;
    if (o.id.kind != kind) continue;
    o.def["partition_names"][*c.partition] = c.name;
  }
}

}  // namespace

void Reader::ReadConstraints(const pg::Rows& r) {
  std::vector<CloneName> clone_names;
  std::unordered_map<uint32_t, uint32_t> up;
  int c_typid = r.Col("typid"), c_oid = r.Col("oid"), c_name = r.Col("conname"), c_def = r.Col("def"),
      c_relid = r.Col("relid"), c_parent = r.Col("parentid"), c_local = r.Col("conislocal"),
      c_inh = r.Col("coninhcount");
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t typid = Oid(r.View(i, c_typid));
    uint32_t oid = Oid(r.View(i, c_oid));
    if (typid != 0) {
      const AddrSlot* s = addr_.Find(Addr{kPgType.oid, typid, 0});
      if (!s || !s->target) continue;
      Entry& d = *s->target;
      if (d.second.id.kind != ObjectKind::kDomain) continue;
      d.second.def["constraints"][std::string(r.View(i, c_name))] = std::string(r.View(i, c_def));
      Map(kPgConstraint, oid, 0, d, false);
      continue;
    }
    auto rk = rel_.find(Oid(r.View(i, c_relid)));
    if (rk == rel_.end()) continue;
    if (r.View(i, c_parent) != "0") {
      // Cloned into a partition: a key's clone keeps a name of its own.
      std::string t = r.Str(i, "contype");
      if (t == "p" || t == "u" || t == "x") {
        clone_names.push_back({Oid(r.View(i, c_parent)), &rk->second->first, std::string(r.View(i, c_name))});
        up[oid] = Oid(r.View(i, c_parent));
      }
      continue;
    }
    if (r.View(i, c_local) != "t" && r.View(i, c_inh) != "0") continue;  // inherited
    const Object& rel = rk->second->second;
    Object o;
    o.id = ObjectId{ObjectKind::kConstraint, rel.id.schema, rel.id.name, std::string(r.View(i, c_name)), ""};
    o.def["type"] = r.Str(i, "contype");
    o.def["definition"] = std::string(r.View(i, c_def));
    o.def["comment"] = S(r.Get(i, "comment"));
    o.deps.push_back(rk->second->first);
    if (!r.IsNull(i, "frel")) {
      o.deps.push_back(ObjectId{ObjectKind::kTable, r.Str(i, "fnsp"), "", r.Str(i, "frel"), ""}.Key());
    }
    Map(kPgConstraint, oid, 0, Put(std::move(o)));
  }
  PutCloneNames(clone_names, up, kPgConstraint.oid, ObjectKind::kConstraint, addr_);
}

void Reader::ReadIndexes(const pg::Rows& r) {
  int c_oid = r.Col("oid"), c_con = r.Col("conoid"), c_child = r.Col("is_child"), c_relid = r.Col("relid");
  std::vector<CloneName> clone_names;
  std::unordered_map<uint32_t, uint32_t> up;
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t oid = Oid(r.View(i, c_oid));
    if (r.View(i, c_child) == "t") up[oid] = Oid(r.View(i, "parent_index"));
    if (!r.IsNull(i, c_con)) {
      // Backing index of a constraint: the constraint stands for it.
      const AddrSlot* s = addr_.Find(Addr{kPgConstraint.oid, Oid(r.View(i, c_con)), 0});
      if (s && s->target) {
        Entry* con = s->target;  // before Map, which may move the slots
        Map(kPgClass, oid, 0, *con, false);
        index_comment_[oid] = con;
      }
      continue;
    }
    auto rk = rel_.find(Oid(r.View(i, c_relid)));
    if (r.View(i, c_child) == "t") {
      if (rk != rel_.end()) clone_names.push_back({Oid(r.View(i, "parent_index")), &rk->second->first, r.Str(i, "relname")});
      continue;
    }
    if (rk == rel_.end()) continue;
    const Object* rel = &rk->second->second;
    std::string def = r.Str(i, "def");
    // pg_dump's ON ONLY + ATTACH PARTITION ends in the same valid index as a
    // plain CREATE INDEX; one left invalid (partitions missing) keeps it.
    auto only = def.find(" ON ONLY ");
    if (only != std::string::npos && B(r.Get(i, "indisvalid"))) def.replace(only, 9, " ON ");
    Object o;
    o.id = ObjectId{ObjectKind::kIndex, Nsp(r.View(i, "nsp")), "", r.Str(i, "relname"), ""};
    o.def["table"] = rel->id.name;
    o.def["definition"] = std::move(def);
    o.def["comment"] = S(r.Get(i, "comment"));
    if (!B(r.Get(i, "indisvalid"))) o.def["invalid"] = true;  // only where invalid
    o.deps.push_back(rk->second->first);
    Map(kPgClass, oid, 0, Put(std::move(o)));
  }
  // Clones of a key's index are named by the key's clones (ReadConstraints).
  PutCloneNames(clone_names, up, kPgClass.oid, ObjectKind::kIndex, addr_);
}

}  // namespace graft::introspect::internal
