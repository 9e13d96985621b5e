#include "schema/model.h"

#include <gtest/gtest.h>

#include "common/crypto.h"
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

TEST(Object, NullAndAbsentFieldsFingerprintAlikeAsDiffHoldsThem) {
  Object a, b;
  a.def = {{"type", "integer"}, {"default", nullptr}};
  b.def = {{"type", "integer"}};
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  b.def["default"] = "0";
  EXPECT_NE(a.Fingerprint(), b.Fingerprint());
  // Only top-level nulls: a null inside a value is part of it.
  Object c = a, d = a;
  c.def["x"] = nlohmann::json::array({nullptr});
  d.def["x"] = nlohmann::json::array();
  EXPECT_NE(c.Fingerprint(), d.Fingerprint());
}

TEST(Json, ReadsVersion1DocumentsWithTheirFingerprints) {
  // A T0 record written by model version 1: fingerprints hashed null fields.
  Schema s = Sample();  // the table's comment is null
  nlohmann::json j = ToJson(s);
  EXPECT_EQ(j["version"], kModelVersion);
  EXPECT_EQ(kModelVersion, 2);
  nlohmann::json v1 = j;
  v1["version"] = 1;
  for (auto& o : v1["objects"]) o["fingerprint"] = graft::Sha256Hex(o["def"].dump());
  ASSERT_EQ(v1["objects"][2]["key"], "table:public.users");
  ASSERT_NE(v1["objects"][2]["fingerprint"], j["objects"][2]["fingerprint"]);  // the table, with its null comment
  Schema back = FromJson(v1);
  EXPECT_EQ(SchemaFingerprint(back), SchemaFingerprint(s));
  // A version-1 fingerprint in a version-2 document is a mismatch, and the reverse.
  nlohmann::json mixed = v1;
  mixed["version"] = 2;
  EXPECT_THROW(FromJson(mixed), graft::Error);
  nlohmann::json reverse = j;
  reverse["version"] = 1;
  EXPECT_THROW(FromJson(reverse), graft::Error);
  nlohmann::json future = j;
  future["version"] = 3;
  EXPECT_THROW(FromJson(future), graft::Error);
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
