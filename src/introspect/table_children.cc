// Loaders of the objects that belong to one table: triggers, policies, rules
// (a view's _RETURN rule is the view) and extended statistics.
#include "introspect/reader.h"

namespace graft::introspect::internal {

void Reader::ReadTriggers(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    auto o = TableChild(ObjectKind::kTrigger, Oid(r.View(i, "relid")), r.View(i, "tgname"));
    if (!o) continue;
    o->def["definition"] = r.Str(i, "def");
    o->def["enabled"] = r.Str(i, "tgenabled");
    o->def["comment"] = S(r.Get(i, "comment"));
    Map(kPgTrigger, Oid(r.View(i, "oid")), 0, Put(std::move(*o)));
  }
}

void Reader::ReadPolicies(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    auto o = TableChild(ObjectKind::kPolicy, Oid(r.View(i, "relid")), r.View(i, "polname"));
    if (!o) continue;
    json roles = J(r.Get(i, "roles"));
    for (const auto& x : roles) Role(x.get<std::string>());
    o->def["permissive"] = B(r.Get(i, "polpermissive"));
    o->def["command"] = r.Str(i, "polcmd");
    o->def["roles"] = std::move(roles);
    o->def["using"] = S(r.Get(i, "qual"));
    o->def["with_check"] = S(r.Get(i, "withcheck"));
    o->def["comment"] = S(r.Get(i, "comment"));
    Map(kPgPolicy, Oid(r.View(i, "oid")), 0, Put(std::move(*o)));
  }
}

void Reader::ReadRules(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t relid = Oid(r.View(i, "relid"));
    auto rk = rel_.find(relid);
    if (rk == rel_.end()) continue;
    if (r.View(i, "rulename") == "_RETURN") {
      Map(kPgRewrite, Oid(r.View(i, "oid")), 0, *rk->second, false);
      continue;
    }
    auto o = TableChild(ObjectKind::kRule, relid, r.View(i, "rulename"));
    o->def["definition"] = r.Str(i, "def");
    o->def["enabled"] = r.Str(i, "ev_enabled");
    o->def["comment"] = S(r.Get(i, "comment"));
    Map(kPgRewrite, Oid(r.View(i, "oid")), 0, Put(std::move(*o)));
  }
}

void Reader::ReadStatistics(const pg::Rows& r) {
  for (size_t i = 0; i < r.size(); ++i) {
    Object o;
    o.id = ObjectId{ObjectKind::kStatistics, Nsp(r.View(i, "nsp")), "", r.Str(i, "stxname"), ""};
    o.def["definition"] = r.Str(i, "def");
    o.def["comment"] = S(r.Get(i, "comment"));
    std::string_view st = r.View(i, "stxstattarget");
    o.def["statistics"] = st == "-1" ? json(nullptr) : json(Int(st));
    auto rk = rel_.find(Oid(r.View(i, "relid")));
    if (rk != rel_.end()) o.deps.push_back(rk->second->first);
    Map(kPgStatisticExt, Oid(r.View(i, "oid")), 0, Put(std::move(o)));
  }
}

}  // namespace graft::introspect::internal
