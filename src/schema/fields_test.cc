#include "schema/fields.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"

namespace graft::schema {
namespace {

using nlohmann::json;

TEST(ModelFields, EveryKindIsDeclaredWithItsMergeRules) {
  EXPECT_EQ(EveryKind().size(), 27u);
  EXPECT_EQ(EveryKind().front(), ObjectKind::kRole);
  EXPECT_EQ(EveryKind().back(), ObjectKind::kCast);
  const ModelFields& f = DeclaredFields();
  for (ObjectKind k : EveryKind()) (void)f.Of(k);  // Parse() already refuses a missing kind
  ASSERT_NE(f.Find(ObjectKind::kTable, "acl"), nullptr);
  EXPECT_EQ(f.Find(ObjectKind::kTable, "acl")->merge, MergeRule::kSet);
  EXPECT_EQ(f.Find(ObjectKind::kTable, "columns")->merge, MergeRule::kList);
  EXPECT_EQ(f.Find(ObjectKind::kType, "labels")->merge, MergeRule::kList);
  EXPECT_EQ(f.Find(ObjectKind::kType, "attributes")->item_key, "name");
  EXPECT_EQ(f.Find(ObjectKind::kDomain, "constraints")->merge, MergeRule::kMap);
  EXPECT_EQ(f.Find(ObjectKind::kColumn, "type")->merge, MergeRule::kScalar);
  EXPECT_TRUE(f.Find(ObjectKind::kColumn, "default")->nullable);
  EXPECT_EQ(f.Find(ObjectKind::kColumn, "no_such_field"), nullptr);
}

TEST(ModelFields, ParseRefusesMalformedDeclarations) {
  json ok = {{"version", 1}, {"kinds", json::object()}};
  EXPECT_THROW(ModelFields::Parse(ok), Error);  // kinds missing
  json doc = {{"version", 1}, {"kinds", json::object()}};
  for (ObjectKind k : EveryKind()) doc["kinds"][KindName(k)] = json::object();
  EXPECT_NO_THROW(ModelFields::Parse(doc));
  json bad_kind = doc;
  bad_kind["kinds"]["tabel"] = json::object();
  EXPECT_THROW(ModelFields::Parse(bad_kind), Error);
  json bad_type = doc;
  bad_type["kinds"]["table"]["x"] = {{"type", "float"}, {"merge", "scalar"}};
  EXPECT_THROW(ModelFields::Parse(bad_type), Error);
  json bad_rule = doc;
  bad_rule["kinds"]["table"]["x"] = {{"type", "string"}, {"merge", "set"}};
  EXPECT_THROW(ModelFields::Parse(bad_rule), Error);
  json bad_merge = doc;
  bad_merge["kinds"]["table"]["x"] = {{"type", "string"}, {"merge", "union"}};
  EXPECT_THROW(ModelFields::Parse(bad_merge), Error);
}

TEST(ModelFields, CheckNamesUnknownFieldsWrongTypesAndMissingOnes) {
  Object o;
  o.id = {ObjectKind::kIndex, "public", "", "i", ""};
  o.def = {{"table", "t"}, {"definition", "CREATE INDEX i ON public.t USING btree (x)"}, {"comment", nullptr}};
  EXPECT_TRUE(DeclaredFields().Check(o).empty());
  o.def["colour"] = "red";
  o.def["table"] = 3;
  o.def.erase("definition");
  auto p = DeclaredFields().Check(o);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NE(p[0].find("field colour is not declared"), std::string::npos) << p[0];
  EXPECT_NE(p[1].find("field table is 3, declared string"), std::string::npos) << p[1];
  EXPECT_NE(p[2].find("required field definition is missing"), std::string::npos) << p[2];
  EXPECT_EQ(DeclaredFields().Check(o, /*require_all=*/false).size(), 2u);
  o.def = {{"table", "t"}, {"definition", nullptr}, {"comment", nullptr}};
  EXPECT_EQ(DeclaredFields().Check(o).size(), 1u);  // definition is not nullable
}

// tests/cases/model/recorded.json: one real Introspect of
// tests/cases/model/fixture.sql (re-recorded by the integration test
// Identity.FixtureModelMatchesTheFieldDeclaration with GRAFT_RECORD_MODEL=1).
TEST(ModelFields, RecordedModelMatchesDeclaration) {
  std::filesystem::path src = GRAFT_SOURCE_DIR;
  std::ifstream in(src / "tests/cases/model/recorded.json");
  ASSERT_TRUE(in.good()) << "missing " << (src / "tests/cases/model/recorded.json");
  Schema model = FromJson(json::parse(in));
  ASSERT_GT(model.size(), 40u);
  for (const auto& p : DeclaredFields().Check(model)) ADD_FAILURE() << p;
  // Every declared field of every kind shows up somewhere in the recording,
  // so the declaration lists nothing introspect does not write.
  std::map<ObjectKind, std::set<std::string>> seen;
  for (const auto& [k, o] : model.objects()) {
    for (const auto& [f, v] : o.def.items()) seen[o.id.kind].insert(f);
  }
  for (ObjectKind k : EveryKind()) {
    if (k == ObjectKind::kExtension || k == ObjectKind::kRole) continue;
    for (const auto& [name, spec] : DeclaredFields().Of(k)) {
      EXPECT_TRUE(seen[k].count(name)) << KindName(k) << "." << name << " is declared but never recorded";
    }
  }
}

// The hand-built model of model_test.cc uses only declared fields.
TEST(ModelFields, HandBuiltModelsUseDeclaredFields) {
  Object t;
  t.id = {ObjectKind::kTable, "public", "", "users", ""};
  t.def = {{"columns", {"id", "name"}}, {"owner", "alice"}, {"comment", nullptr}};
  Object c;
  c.id = {ObjectKind::kColumn, "public", "users", "id", ""};
  c.def = {{"type", "integer"}, {"not_null", true}};
  for (const Object* o : {&t, &c}) EXPECT_TRUE(DeclaredFields().Check(*o, false).empty()) << o->id.Key();
}

}  // namespace
}  // namespace graft::schema
