#include "diff/diff.h"

#include <gtest/gtest.h>

namespace graft::diff {
namespace {

using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::Schema;

Object Table(const std::string& name, nlohmann::json def) {
  Object o;
  o.id = ObjectId{ObjectKind::kTable, "public", "", name, ""};
  o.def = std::move(def);
  return o;
}

TEST(Diff, FindsAddDropAlterWithFields) {
  Schema a, b;
  a.Put(Table("gone", {{"x", 1}}));
  a.Put(Table("same", {{"x", 1}}));
  a.Put(Table("changed", {{"x", 1}, {"y", 2}}));
  b.Put(Table("same", {{"x", 1}}));
  b.Put(Table("changed", {{"x", 1}, {"y", 3}}));
  b.Put(Table("new", {{"x", 1}}));
  ChangeSet cs = Diff(a, b);
  ASSERT_EQ(cs.changes.size(), 3u);
  EXPECT_EQ(cs.changes[0].key(), "table:public.changed");
  EXPECT_EQ(cs.changes[0].type, ChangeType::kAlter);
  EXPECT_EQ(cs.changes[0].fields, std::vector<std::string>{"y"});
  EXPECT_EQ(cs.changes[1].type, ChangeType::kDrop);
  EXPECT_EQ(cs.changes[2].type, ChangeType::kAdd);
}

TEST(Diff, IdenticalSchemasAndDroppedRolesGiveNothing) {
  Schema a, b;
  a.Put(Table("t", {{"x", 1}}));
  b.Put(Table("t", {{"x", 1}}));
  Object r;
  r.id = ObjectId{ObjectKind::kRole, "", "", "alice", ""};
  a.Put(r);
  EXPECT_TRUE(Diff(a, b).empty());
  EXPECT_FALSE(Diff(b, a).empty());  // a role to create
}

TEST(Diff, NullAndMissingFieldsAreEqual) {
  EXPECT_TRUE(SameExcept({{"a", 1}, {"c", nullptr}}, {{"a", 1}}, {}));
  EXPECT_FALSE(SameExcept({{"a", 1}}, {{"a", 2}}, {}));
  EXPECT_TRUE(SameExcept({{"a", 1}}, {{"a", 2}}, {"a"}));
}

}  // namespace
}  // namespace graft::diff
