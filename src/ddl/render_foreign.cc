// Renderer for foreign-data wrappers, foreign servers, user mappings and
// casts, and the rule for which changes of the database-wide kinds recreate
// the object (RecreatedOnChange).
//
// Options are "name=value" lists in their stored order (pg_dump prints them
// so): ALTER ... OPTIONS (DROP/SET/ADD) when that gives the target's order,
// otherwise every option is dropped and added again in order. A user
// mapping's secret options are modelled as "name=(redacted)" (the value never
// leaves the server): graft never prints them, drops one the target lacks,
// and says in a note when the target has one the plan cannot set.
#include <algorithm>

#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;
using schema::QuoteLiteral;

namespace {

constexpr const char* kRedacted = "(redacted)";

struct Opt {
  std::string name, value;
};

std::vector<Opt> Options(const json& d) {
  std::vector<Opt> out;
  if (!d.contains("options") || !d["options"].is_array()) return out;
  for (const auto& e : d["options"]) {
    std::string kv = e.get<std::string>();
    size_t eq = kv.find('=');
    out.push_back(eq == std::string::npos ? Opt{kv, ""} : Opt{kv.substr(0, eq), kv.substr(eq + 1)});
  }
  return out;
}

const Opt* FindOpt(const std::vector<Opt>& v, const std::string& name) {
  for (const auto& o : v) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::string Item(const Opt& o) { return QuoteIdent(o.name) + " " + QuoteLiteral(o.value); }

// The items of OPTIONS (...) that turn option list `from` into `to`, secret
// values left out; `secret_missing` gets the names of secret options of `to`
// the plan cannot set.
std::vector<std::string> OptionItems(const std::vector<Opt>& from_all, const std::vector<Opt>& to_all,
                                     std::vector<std::string>& secret_missing) {
  std::vector<Opt> from, to;
  for (const auto& o : to_all) {
    if (o.value != kRedacted) {
      to.push_back(o);
    } else if (!FindOpt(from_all, o.name) || FindOpt(from_all, o.name)->value != kRedacted) {
      secret_missing.push_back(o.name);
    }
  }
  for (const auto& o : from_all) {
    // A secret on both sides is left as it is (its value cannot be compared).
    if (o.value == kRedacted && FindOpt(to_all, o.name) && FindOpt(to_all, o.name)->value == kRedacted) continue;
    from.push_back(o);
  }
  std::vector<std::string> common_from, common_to;
  for (const auto& o : from) {
    if (FindOpt(to, o.name)) common_from.push_back(o.name);
  }
  bool in_order = true;
  bool past_common = false;
  for (const auto& o : to) {
    if (FindOpt(from, o.name)) {
      common_to.push_back(o.name);
      if (past_common) in_order = false;  // a new option before a kept one
    } else {
      past_common = true;
    }
  }
  in_order = in_order && common_from == common_to;
  std::vector<std::string> items;
  if (!in_order) {
    for (const auto& o : from) items.push_back("DROP " + QuoteIdent(o.name));
    for (const auto& o : to) items.push_back("ADD " + Item(o));
    return items;
  }
  for (const auto& o : from) {
    if (!FindOpt(to, o.name)) items.push_back("DROP " + QuoteIdent(o.name));
  }
  for (const auto& o : to) {
    const Opt* f = FindOpt(from, o.name);
    if (f && f->value != o.value) items.push_back("SET " + Item(o));
    if (!f) items.push_back("ADD " + Item(o));
  }
  return items;
}

std::string Clause(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s.empty() ? "" : " OPTIONS (" + s + ")";
}

// For CREATE: the items without their ADD.
std::string CreateClause(std::vector<std::string> items) {
  for (auto& i : items) {
    if (i.rfind("ADD ", 0) == 0) i = i.substr(4);
  }
  return Clause(items);
}

std::string CastSql(const Object& o) {
  const json& d = o.def;
  std::string sql = "CREATE CAST (" + o.id.name + ")";
  std::string method = Str(d, "method");
  if (method == "f") sql += " WITH FUNCTION " + Str(d, "function");
  else if (method == "i") sql += " WITH INOUT";
  else sql += " WITHOUT FUNCTION";
  std::string context = Str(d, "context");
  if (context == "a") sql += " AS ASSIGNMENT";
  if (context == "i") sql += " AS IMPLICIT";
  return sql;
}

}  // namespace

std::string OptionsClause(const json& from, const json& to, bool create) {
  json fa = json::object(), fb = json::object();
  fa["options"] = from.is_array() ? from : json::array();
  fb["options"] = to.is_array() ? to : json::array();
  std::vector<std::string> secrets;  // none: only user mappings have them
  auto items = OptionItems(Options(fa), Options(fb), secrets);
  return create ? CreateClause(items) : Clause(items);
}

bool Planner::RecreatedOnChange(const Object& a, const Object& b) const {
  switch (b.id.kind) {
    case ObjectKind::kPublication:
      return Differs(a, b, "all_tables");
    case ObjectKind::kEventTrigger:
      return Differs(a, b, "event") || Differs(a, b, "function") || Differs(a, b, "tags");
    case ObjectKind::kForeignServer:
      // ALTER SERVER can change the version, not remove it.
      return Differs(a, b, "fdw") || Differs(a, b, "type") || (Has(a.def, "version") && !Has(b.def, "version"));
    case ObjectKind::kCast:
      return !diff::SameExcept(a.def, b.def, {"comment"});
    default:
      return false;
  }
}

void Planner::CreateForeign(const Object& o, const std::string& action) {
  const json& d = o.def;
  std::vector<std::string> secrets;
  std::string options = CreateClause(OptionItems({}, Options(d), secrets));
  switch (o.id.kind) {
    case ObjectKind::kForeignDataWrapper: {
      std::string sql = "CREATE FOREIGN DATA WRAPPER " + QuoteIdent(o.id.name);
      if (Has(d, "handler")) sql += " HANDLER " + Str(d, "handler");
      if (Has(d, "validator")) sql += " VALIDATOR " + Str(d, "validator");
      Create(o, action, sql + options);
      break;
    }
    case ObjectKind::kForeignServer: {
      std::string sql = "CREATE SERVER " + QuoteIdent(o.id.name);
      if (Has(d, "type")) sql += " TYPE " + QuoteLiteral(Str(d, "type"));
      if (Has(d, "version")) sql += " VERSION " + QuoteLiteral(Str(d, "version"));
      Create(o, action, sql + " FOREIGN DATA WRAPPER " + QuoteIdent(Str(d, "fdw")) + options);
      break;
    }
    case ObjectKind::kUserMapping:
      Create(o, action, "CREATE " + Designator(o.id) + options);
      break;
    case ObjectKind::kCast:
      Create(o, action, CastSql(o));
      break;
    default:
      break;
  }
  for (const auto& s : secrets) {
    notes_.push_back(o.id.Display() + ": option " + s + " is secret and not copied by graft: set it with ALTER " +
                     Designator(o.id) + " OPTIONS (ADD " + QuoteIdent(s) + " '...')");
  }
}

void Planner::DropForeign(const Object& o, const std::string& action) {
  Drop(o, action, "DROP " + Designator(o.id));
}

void Planner::AlterForeign(const Object& a, const Object& b) {
  const json& d = b.def;
  std::string target = "ALTER " + Designator(b.id);
  if (b.id.kind == ObjectKind::kForeignDataWrapper) {
    if (Differs(a, b, "handler")) Create(b, "alter", target + (Has(d, "handler") ? " HANDLER " + Str(d, "handler") : " NO HANDLER"));
    if (Differs(a, b, "validator")) {
      Create(b, "alter", target + (Has(d, "validator") ? " VALIDATOR " + Str(d, "validator") : " NO VALIDATOR"));
    }
  }
  if (b.id.kind == ObjectKind::kForeignServer && Differs(a, b, "version")) {
    Create(b, "alter", target + " VERSION " + QuoteLiteral(Str(d, "version")));
  }
  std::vector<std::string> secrets;
  std::string options = Clause(OptionItems(Options(a.def), Options(d), secrets));
  if (!options.empty()) Create(b, "alter", target + options);
  for (const auto& s : secrets) {
    notes_.push_back(b.id.Display() + ": option " + s + " is secret and not copied by graft: set it with " + target +
                     " OPTIONS (ADD " + QuoteIdent(s) + " '...')");
  }
}

}  // namespace graft::ddl::internal
