#include "schema/model.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "schema/acl.h"
#include "schema/sql.h"

namespace graft::schema {
namespace {

Schema Sample() {
  Schema s;
  Object t;
  t.id = {ObjectKind::kTable, "public", "", "users", ""};
  t.def = {{"columns", {"id", "name"}}, {"owner", "alice"}, {"comment", nullptr}};
  s.Put(t);
  Object c;
  c.id = {ObjectKind::kColumn, "public", "users", "id", ""};
  c.def = {{"type", "integer"}, {"not_null", true}};
  c.deps = {t.id.Key()};
  s.Put(c);
  Object f;
  f.id = {ObjectKind::kFunction, "public", "", "f", "integer, text"};
  f.def = {{"definition", "CREATE FUNCTION ..."}};
  s.Put(f);
  return s;
}

TEST(ObjectId, KeysAreQualifiedAndDistinguishOverloads) {
  ObjectId a{ObjectKind::kFunction, "public", "", "f", "integer"};
  ObjectId b{ObjectKind::kFunction, "public", "", "f", "text"};
  EXPECT_EQ(a.Key(), "function:public.f(integer)");
  EXPECT_NE(a.Key(), b.Key());
  ObjectId col{ObjectKind::kColumn, "s", "My Table", "id", ""};
  EXPECT_EQ(col.Key(), "column:s.My Table.id");
  EXPECT_EQ(col.Display(), "s.\"My Table\".id");
}

TEST(Object, FingerprintIsStableAndSensitive) {
  Object a;
  a.id = {ObjectKind::kTable, "public", "", "t", ""};
  a.def = {{"b", 1}, {"a", "x"}};
  Object b = a;
  b.def = {{"a", "x"}, {"b", 1}};
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  EXPECT_EQ(a.Fingerprint().size(), 64u);
  b.def["b"] = 2;
  EXPECT_NE(a.Fingerprint(), b.Fingerprint());
}

TEST(Json, RoundTripKeepsObjectsAndFingerprints) {
  Schema s = Sample();
  nlohmann::json j = ToJson(s);
  Schema back = FromJson(j);
  ASSERT_EQ(back.size(), s.size());
  auto la = ListObjects(s), lb = ListObjects(back);
  for (size_t i = 0; i < la.size(); ++i) {
    EXPECT_EQ(la[i].key, lb[i].key);
    EXPECT_EQ(la[i].fingerprint, lb[i].fingerprint);
  }
  EXPECT_EQ(SchemaFingerprint(s), SchemaFingerprint(back));
  EXPECT_EQ(back.Find("column:public.users.id")->deps, std::vector<std::string>{"table:public.users"});
}

TEST(Json, RejectsTamperedFingerprintAndUnknownKind) {
  nlohmann::json j = ToJson(Sample());
  j["objects"][0]["def"]["owner"] = "mallory";
  EXPECT_THROW(FromJson(j), graft::Error);
  nlohmann::json k = ToJson(Sample());
  k["objects"][0]["kind"] = "spaceship";
  EXPECT_THROW(FromJson(k), graft::Error);
  EXPECT_THROW(FromJson(nlohmann::json::array()), graft::Error);
}

TEST(Schema, ColumnsOfFollowsDeclaredOrder) {
  Schema s = Sample();
  Object n;
  n.id = {ObjectKind::kColumn, "public", "users", "name", ""};
  s.Put(n);
  auto cols = s.ColumnsOf(*s.Find("table:public.users"));
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_EQ(cols[0]->id.name, "id");
  EXPECT_EQ(cols[1]->id.name, "name");
}

TEST(Acl, NormalisesItemsWithoutGrantors) {
  auto acl = NormalizeAcl({"alice=arw*/bob", "=X/bob", "\"odd name\"=U/bob"});
  std::vector<std::string> want = {"PUBLIC=EXECUTE", "alice=INSERT", "alice=SELECT", "alice=UPDATE*", "odd name=USAGE"};
  EXPECT_EQ(acl, want);
  auto e = ParseAclEntry("alice=UPDATE*");
  EXPECT_EQ(e.grantee, "alice");
  EXPECT_EQ(e.privilege, "UPDATE");
  EXPECT_TRUE(e.grantable);
}

TEST(Sql, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(QuoteIdent("users"), "users");
  EXPECT_EQ(QuoteIdent("User"), "\"User\"");
  EXPECT_EQ(QuoteIdent("select"), "\"select\"");
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QualifiedName("public", "t"), "public.t");
}

}  // namespace
}  // namespace graft::schema
