// Renderer for event triggers, and the fence around the plan: an event
// trigger of the source fires on the plan's own DDL (and may refuse it, or
// act on it), so every enabled one the target keeps is disabled first and
// enabled again last; the ones that go are dropped first, and new or
// recreated ones are created last, so none fires on the plan's statements.
#include <algorithm>

#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QuoteIdent;
using schema::QuoteLiteral;

namespace {

// ALTER EVENT TRIGGER ... for the enabled code (pg_event_trigger.evtenabled).
std::string SetEnabled(const ObjectId& id, const std::string& code) {
  std::string what = code == "D" ? "DISABLE" : code == "R" ? "ENABLE REPLICA" : code == "A" ? "ENABLE ALWAYS" : "ENABLE";
  return "ALTER EVENT TRIGGER " + QuoteIdent(id.name) + " " + what + ";";
}

Statement FenceStatement(const Object& o, const std::string& action, const std::string& sql) {
  Statement s;
  s.sql = sql;
  s.key = o.id.Key();
  s.object = o.id.Display();
  s.kind = schema::KindName(o.id.kind);
  s.action = action;
  return s;
}

}  // namespace

void Planner::CreateEventTrigger(const Object& o, const std::string& action) {
  const json& d = o.def;
  std::string sql = "CREATE EVENT TRIGGER " + QuoteIdent(o.id.name) + " ON " + QuoteIdent(Str(d, "event"));
  if (d.contains("tags") && d["tags"].is_array() && !d["tags"].empty()) {
    std::string tags;
    for (const auto& t : d["tags"]) tags += (tags.empty() ? "" : ", ") + QuoteLiteral(t.get<std::string>());
    sql += " WHEN TAG IN (" + tags + ")";
  }
  Create(o, action, sql + " EXECUTE FUNCTION " + Str(d, "function") + "()");
  if (Str(d, "enabled") != "O") After(o, "alter", SetEnabled(o.id, Str(d, "enabled")));
}

void Planner::DropEventTrigger(const Object& o, const std::string& action) {
  Drop(o, action, "DROP EVENT TRIGGER " + QuoteIdent(o.id.name));
}

void Planner::AlterEventTrigger(const Object& a, const Object& b) {
  if (Differs(a, b, "enabled")) Create(b, "alter", SetEnabled(b.id, Str(b.def, "enabled")));
}

void Planner::FenceEventTriggers(std::vector<Statement>& ordered) {
  const std::string kind = schema::KindName(ObjectKind::kEventTrigger);
  std::vector<Statement> first, middle, last;
  for (auto& s : ordered) {
    if (s.kind != kind) {
      middle.push_back(std::move(s));
    } else {
      (s.sql.rfind("DROP ", 0) == 0 ? first : last).push_back(std::move(s));
    }
  }
  if (!middle.empty()) {
    for (const auto& [key, t] : from_.objects()) {
      if (t.id.kind != ObjectKind::kEventTrigger || Str(t.def, "enabled") == "D") continue;
      const Object* b = to_.Find(key);
      if (!b || Replaced(key)) continue;  // dropped first
      first.push_back(FenceStatement(t, "disable", SetEnabled(t.id, "D")));
      // A changed state is set by the alter, already among the last ones.
      if (!Differs(t, *b, "enabled")) last.push_back(FenceStatement(*b, "enable", SetEnabled(b->id, Str(b->def, "enabled"))));
      notes_.push_back("event trigger " + t.id.Display() +
                       " is disabled while the plan runs (it would fire on the plan's own statements) and enabled again at its end");
    }
  }
  ordered = std::move(first);
  for (auto& s : middle) ordered.push_back(std::move(s));
  for (auto& s : last) ordered.push_back(std::move(s));
}

}  // namespace graft::ddl::internal
