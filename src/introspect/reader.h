// graft/introspect/reader.h: introspect's internals, shared by its files.
//
// One Reader per Introspect call. Each catalog query (sql/introspect/<name>.sql,
// queries.h) has one loader, a Reader method that turns the query's rows into
// schema::Objects; Loaders() lists them in the order they run (later loaders
// find the objects earlier ones put). Every catalog address (catalog oid, oid,
// subid) that stands for a model object is remembered, so that pg_depend and
// pg_description rows can be translated into model dependencies and comments
// at the end.
//
// To read a new kind: add its query file, a Read<Kind> method (in a file of
// its own, e.g. foreign.cc) and one row in Loaders() (introspect.cc).
//
// Rows are read in place (pg::Rows): a value is copied only when it goes into
// the model. Not thread-safe; internal to introspect/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "introspect/introspect.h"
#include "pg/conn.h"
#include "schema/model.h"

namespace graft::introspect::internal {

using graft::schema::Object;
using graft::schema::ObjectId;
using graft::schema::ObjectKind;
using graft::schema::Schema;
using nlohmann::json;

// A system catalog: its fixed oid (the bootstrap oids of PG15's catalog
// headers, checked against the server at the start of each read) and name.
struct Catalog {
  uint32_t oid;
  const char* name;
};
inline constexpr Catalog kPgType{1247, "pg_type"};
inline constexpr Catalog kPgProc{1255, "pg_proc"};
inline constexpr Catalog kPgClass{1259, "pg_class"};
inline constexpr Catalog kPgAttrdef{2604, "pg_attrdef"};
inline constexpr Catalog kPgConstraint{2606, "pg_constraint"};
inline constexpr Catalog kPgRewrite{2618, "pg_rewrite"};
inline constexpr Catalog kPgTrigger{2620, "pg_trigger"};
inline constexpr Catalog kPgNamespace{2615, "pg_namespace"};
inline constexpr Catalog kPgExtension{3079, "pg_extension"};
inline constexpr Catalog kPgPolicy{3256, "pg_policy"};
inline constexpr Catalog kPgStatisticExt{3381, "pg_statistic_ext"};
inline constexpr Catalog kPgCollation{3456, "pg_collation"};
// Every catalog above, for the start-up check.
const std::vector<Catalog>& KnownCatalogs();

// Catalog address of a dependency end: (catalog oid, object oid, subid).
struct Addr {
  uint32_t cls = 0;
  uint32_t oid = 0;
  int32_t sub = 0;
  bool operator==(const Addr&) const = default;
};

using Entry = graft::schema::Schema::Entry;  // (model key, object), stable in the Schema

// What a catalog address stands for: `target`, the model object it is read as
// (pg_depend), and `comment`, the object whose comment its pg_description row
// is (set for an object's own address only; Map's `primary`).
struct AddrSlot {
  Addr addr;
  Entry* target = nullptr;
  Entry* comment = nullptr;
};

// Catalog address -> AddrSlot: an open-addressing table (linear probing, a
// power-of-two size, at most half full), one flat array rather than a node
// per address, since pg_depend's tens of thousands of rows each look up two
// or four addresses. Catalog oids are never 0, which marks a free slot.
class AddrMap {
 public:
  // The slot of `a`, nullptr when it has none.
  const AddrSlot* Find(const Addr& a) const;
  // The slot of `a`, made (empty) when it has none.
  AddrSlot& Slot(const Addr& a);

 private:
  size_t Probe(const Addr& a) const;  // index of a's slot or of the free slot where it would go
  void Grow();
  std::vector<AddrSlot> slots_;
  size_t used_ = 0;
};

// An oid or a number as the server printed it; throws Error(kDatabase) when it is not one.
uint32_t Oid(std::string_view text);
int32_t Int(std::string_view text);

// Values of one result cell, turned into model fields.
json J(std::optional<std::string_view> v);    // JSON text -> json (null for NULL)
json S(std::optional<std::string_view> v);    // text -> string (null for NULL)
json Acl(std::optional<std::string_view> v);  // aclitem[] as JSON text -> normalised acl
bool B(std::optional<std::string_view> v);    // 't' -> true

class Reader;

// A loader: the catalog query it reads and the method that reads its rows.
struct Loader {
  const char* query;
  bool nsp_param;  // whether the query takes $1 = the included namespaces
  void (Reader::*read)(const pg::Rows&);
};
// In the order they run.
const std::vector<Loader>& Loaders();

class Reader {
 public:
  Reader(pg::Conn& conn, const Options& opts) : conn_(conn), opts_(opts) {}

  Schema Run();

  // Loaders, one per query (listed in Loaders()).
  void ReadNamespaces(const pg::Rows& r);  // introspect.cc
  void ReadExtensions(const pg::Rows& r);
  void ReadUnsupported(const pg::Rows& r);
  void ReadExtensionMembers(const pg::Rows& r);
  void ReadDepends(const pg::Rows& r);
  void ReadComments(const pg::Rows& r);
  void ReadRelations(const pg::Rows& r);  // relations.cc
  void ReadColumns(const pg::Rows& r);
  void ReadSequences(const pg::Rows& r);
  void ReadConstraints(const pg::Rows& r);
  void ReadIndexes(const pg::Rows& r);
  void ReadTypes(const pg::Rows& r);  // types.cc
  void ReadCollations(const pg::Rows& r);
  void ReadFunctions(const pg::Rows& r);
  void ReadTriggers(const pg::Rows& r);  // table_children.cc
  void ReadPolicies(const pg::Rows& r);
  void ReadRules(const pg::Rows& r);
  void ReadStatistics(const pg::Rows& r);
  void ReadDefaultAcls(const pg::Rows& r);

 private:
  void CheckCatalogs();
  // Remembers that catalog address (cls, oid, sub) stands for model object
  // `e` (already Put). `primary`: the address is the object itself (so its
  // pg_description row is the object's comment, and the address is its
  // identity), not an auxiliary one (array type, rowtype, backing index...).
  void Map(const Catalog& cls, uint32_t oid, int32_t sub, Entry& e, bool primary = true);
  // A new object that belongs to a table (trigger, policy, rule): its id
  // names the table and it depends on it. nullopt when the table is not read.
  std::optional<Object> TableChild(ObjectKind kind, uint32_t relid, std::string_view name);
  // Puts `o` (adding its schema to its deps); the entry stays where it is.
  Entry& Put(Object o);
  void ReadDatabaseKinds();  // kinds.cc: publications, event triggers, FDWs, servers, user mappings, casts
  void Role(std::string_view name);
  void RolesFromAcl(const json& acl);
  // Name of an included namespace by oid ("" when not included).
  const std::string& Nsp(std::string_view oid) const;

  pg::Conn& conn_;
  const Options& opts_;
  Schema out_;
  std::string nsp_param_;
  std::unordered_map<uint32_t, std::string> nsp_names_;   // oid -> name
  AddrMap addr_;                                          // catalog address -> model object
  std::unordered_map<uint32_t, Entry*> index_comment_;   // backing index oid -> its constraint
  std::unordered_map<uint32_t, Entry*> rel_;             // relation oid -> the relation
  std::unordered_map<uint32_t, Entry*> composite_;       // composite type relid -> the type
  std::set<std::string> roles_;
  std::unordered_map<uint32_t, std::string> class_names_;  // catalog oid -> name
};

}  // namespace graft::introspect::internal
