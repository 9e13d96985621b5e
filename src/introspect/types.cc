// Loaders of types and routines: enums, composite and range types, domains
// (their constraints come with the table constraints, relations.cc),
// collations, functions, procedures and aggregates, and default privileges.
#include "introspect/reader.h"
#include "schema/sql.h"

namespace graft::introspect::internal {

void Reader::ReadTypes(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    const std::string& nsp = Nsp(r.View(i, "nsp"));
    std::string_view tt = r.View(i, "typtype");
    if (tt == "b") {
      out_.unsupported.push_back("base type " + schema::QualifiedName(nsp, r.Str(i, "typname")));
      continue;
    }
    Object o;
    o.id = ObjectId{tt == "d" ? ObjectKind::kDomain : ObjectKind::kType, nsp, "", r.Str(i, "typname"), ""};
    json& def = o.def;
    def["owner"] = r.Str(i, "owner");
    def["acl"] = Acl(r.Get(i, "acl"));
    def["comment"] = S(r.Get(i, "comment"));
    if (tt == "e") {
      def["type"] = "enum";
      def["labels"] = J(r.Get(i, "labels"));
      if (def["labels"].is_null()) def["labels"] = json::array();
    } else if (tt == "d") {
      def["base_type"] = r.Str(i, "basetype");
      def["not_null"] = B(r.Get(i, "typnotnull"));
      def["default"] = S(r.Get(i, "typdefault"));
      def["collation"] = S(r.Get(i, "collation"));
      def["constraints"] = json::object();
    } else if (tt == "r") {
      def["type"] = "range";
      def["subtype"] = r.Str(i, "subtype");
      def["subtype_opclass"] = S(r.Get(i, "subopc"));
      def["collation"] = S(r.Get(i, "rngcollation"));
      def["canonical"] = S(r.Get(i, "canonical"));
      def["subtype_diff"] = S(r.Get(i, "subdiff"));
      def["multirange"] = S(r.Get(i, "multirange"));
    } else {
      def["type"] = "composite";
      def["attributes"] = json::array();
    }
    Role(r.View(i, "owner"));
    RolesFromAcl(def["acl"]);
    bool composite = tt == "c";
    Entry& e = Put(std::move(o));
    if (composite) {
      uint32_t relid = Oid(r.View(i, "typrelid"));
      composite_[relid] = &e;
      Map(kPgClass, relid, 0, e, false);
    }
    Map(kPgType, Oid(r.View(i, "oid")), 0, e);
    Map(kPgType, Oid(r.View(i, "typarray")), 0, e, false);
  }
}

void Reader::ReadCollations(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    Object o;
    o.id = ObjectId{ObjectKind::kCollation, Nsp(r.View(i, "nsp")), "", r.Str(i, "collname"), ""};
    o.def["provider"] = r.Str(i, "collprovider");
    o.def["collate"] = S(r.Get(i, "collcollate"));
    o.def["ctype"] = S(r.Get(i, "collctype"));
    o.def["icu_locale"] = S(r.Get(i, "colliculocale"));
    o.def["deterministic"] = B(r.Get(i, "collisdeterministic"));
    o.def["owner"] = r.Str(i, "owner");
    o.def["comment"] = S(r.Get(i, "comment"));
    Role(r.View(i, "owner"));
    Map(kPgCollation, Oid(r.View(i, "oid")), 0, Put(std::move(o)));
  }
}

void Reader::ReadFunctions(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    std::string_view pk = r.View(i, "prokind");
    ObjectKind k = pk == "p" ? ObjectKind::kProcedure : pk == "a" ? ObjectKind::kAggregate : ObjectKind::kFunction;
    Object o;
    o.id = ObjectId{k, Nsp(r.View(i, "nsp")), "", r.Str(i, "proname"), r.Str(i, "idargs")};
    json& def = o.def;
    def["arguments"] = r.Str(i, "args");
    def["result"] = S(r.Get(i, "result"));
    def["language"] = r.Str(i, "lanname");
    def["owner"] = r.Str(i, "owner");
    def["acl"] = Acl(r.Get(i, "acl"));
    def["comment"] = S(r.Get(i, "comment"));
    if (k == ObjectKind::kAggregate) {
      if (r.View(i, "aggkind") != "n") {
        out_.unsupported.push_back("ordered-set aggregate " + o.id.Display());
        continue;
      }
      def["sfunc"] = r.Str(i, "sfunc");
      def["stype"] = r.Str(i, "stype");
      def["finalfunc"] = S(r.Get(i, "finalfunc"));
      def["finalfunc_extra"] = B(r.Get(i, "aggfinalextra"));
      def["combinefunc"] = S(r.Get(i, "combinefunc"));
      def["initcond"] = S(r.Get(i, "initcond"));
      def["sortop"] = S(r.Get(i, "sortop"));
      // Only where not the default (READ_ONLY, PARALLEL UNSAFE).
      std::string_view modify = r.View(i, "aggfinalmodify"), parallel = r.View(i, "proparallel");
      if (modify != "r") def["finalfunc_modify"] = modify == "s" ? "SHAREABLE" : "READ_WRITE";
      if (parallel != "u") def["parallel"] = parallel == "s" ? "SAFE" : "RESTRICTED";
    } else {
      def["definition"] = r.Str(i, "def");
    }
    Role(r.View(i, "owner"));
    RolesFromAcl(def["acl"]);
    Map(kPgProc, Oid(r.View(i, "oid")), 0, Put(std::move(o)));
  }
}

void Reader::ReadDefaultAcls(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    std::string_view t = r.View(i, "defaclobjtype");
    std::string objtype = t == "r" ? "TABLES" : t == "S" ? "SEQUENCES" : t == "f" ? "FUNCTIONS" : t == "T" ? "TYPES" : "SCHEMAS";
    Object o;
    o.id = ObjectId{ObjectKind::kDefaultPrivileges, r.Str(i, "nspname"), "", r.Str(i, "role"), objtype};
    o.def["acl"] = Acl(r.Get(i, "acl"));
    Role(r.View(i, "role"));
    RolesFromAcl(o.def["acl"]);
    Put(std::move(o));
  }
}

}  // namespace graft::introspect::internal
