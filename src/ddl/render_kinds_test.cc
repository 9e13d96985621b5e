// Plans for the database-wide kinds built from models in C++: secret user
// mapping options never printed, option lists keeping their order, and the
// event trigger fence around the plan's own statements.
#include <gtest/gtest.h>

#include "ddl/plan.h"

namespace graft::ddl {
namespace {

using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::Schema;
using nlohmann::json;

Object Make(ObjectKind k, const std::string& parent, const std::string& name, json def, std::vector<std::string> deps = {}) {
  Object o;
  o.id = ObjectId{k, "", parent, name, ""};
  o.def = std::move(def);
  o.deps = std::move(deps);
  return o;
}

void AddServer(Schema& s, json options = json::array()) {
  s.Put(Make(ObjectKind::kForeignDataWrapper, "", "w",
             {{"owner", "me"}, {"acl", json::array()}, {"handler", nullptr}, {"validator", nullptr}, {"options", json::array()}}));
  s.Put(Make(ObjectKind::kForeignServer, "", "srv",
             {{"owner", "me"}, {"acl", json::array()}, {"fdw", "w"}, {"type", nullptr}, {"version", nullptr}, {"options", options}},
             {"foreign-data wrapper:w"}));
}

size_t IndexOf(const Plan& p, const std::string& needle) {
  for (size_t i = 0; i < p.statements.size(); ++i) {
    if (p.statements[i].sql.find(needle) != std::string::npos) return i;
  }
  return std::string::npos;
}

TEST(PlanKinds, UserMappingSecretIsNeverPrinted) {
  Schema a, b;
  a.current_user = b.current_user = "me";
  AddServer(a);
  AddServer(b);
  b.Put(Make(ObjectKind::kUserMapping, "srv", "public", {{"options", json::array({"user=app", "password=(redacted)"})}}, {"server:srv"}));
  Plan p = BuildPlan(a, b);
  std::string text = p.ToText();
  EXPECT_NE(text.find("CREATE USER MAPPING FOR PUBLIC SERVER srv OPTIONS (\"user\" 'app')"), std::string::npos) << text;
  EXPECT_EQ(text.find("password"), std::string::npos) << text;  // neither the value nor a placeholder
  bool noted = false;
  for (const auto& n : p.notes) noted = noted || n.find("password is secret") != std::string::npos;
  EXPECT_TRUE(noted);
  // A secret on both sides is left alone; one the target lacks is dropped.
  Schema c = b;
  c.Put(Make(ObjectKind::kUserMapping, "srv", "public", {{"options", json::array({"user=app"})}}, {"server:srv"}));
  EXPECT_TRUE(BuildPlan(b, b).empty());
  Plan drop = BuildPlan(b, c);
  EXPECT_NE(IndexOf(drop, "OPTIONS (DROP password)"), std::string::npos) << drop.ToText();
}

TEST(PlanKinds, OptionsKeepTheTargetOrder) {
  Schema a, b, c;
  a.current_user = b.current_user = c.current_user = "me";
  AddServer(a, json::array({"a=1", "b=2"}));
  AddServer(b, json::array({"a=1", "b=two", "e=5"}));
  AddServer(c, json::array({"b=2", "a=1"}));
  EXPECT_NE(IndexOf(BuildPlan(a, b), "ALTER SERVER srv OPTIONS (SET b 'two', ADD e '5')"), std::string::npos)
      << BuildPlan(a, b).ToText();
  EXPECT_NE(IndexOf(BuildPlan(a, c), "ALTER SERVER srv OPTIONS (DROP a, DROP b, ADD b '2', ADD a '1')"), std::string::npos)
      << BuildPlan(a, c).ToText();
}

TEST(PlanKinds, EventTriggersAreFencedAroundThePlan) {
  Schema a, b;
  a.current_user = b.current_user = "me";
  json guard = {{"owner", "me"}, {"comment", nullptr}, {"event", "ddl_command_start"}, {"function", "public.no_ddl"},
                {"tags", json::array()}, {"enabled", "O"}};
  a.Put(Make(ObjectKind::kEventTrigger, "", "guard", guard));
  b.Put(Make(ObjectKind::kEventTrigger, "", "guard", guard));
  b.Put(Make(ObjectKind::kEventTrigger, "", "fresh", guard));
  b.Put(Make(ObjectKind::kSchema, "", "app", {{"owner", "me"}, {"acl", json::array()}, {"comment", nullptr}}));
  Plan p = BuildPlan(a, b);
  ASSERT_GE(p.statements.size(), 4u) << p.ToText();
  EXPECT_EQ(p.statements.front().sql, "ALTER EVENT TRIGGER guard DISABLE;");
  size_t schema = IndexOf(p, "CREATE SCHEMA app");
  size_t fresh = IndexOf(p, "CREATE EVENT TRIGGER fresh");
  ASSERT_NE(schema, std::string::npos);
  ASSERT_NE(fresh, std::string::npos);
  EXPECT_LT(schema, fresh);
  EXPECT_EQ(p.statements.back().sql, "ALTER EVENT TRIGGER guard ENABLE;");
  // Nothing else to do: no fence.
  Schema c = a;
  c.Put(Make(ObjectKind::kEventTrigger, "", "fresh", guard));
  Plan only = BuildPlan(a, c);
  ASSERT_EQ(only.statements.size(), 1u) << only.ToText();
}

}  // namespace
}  // namespace graft::ddl
