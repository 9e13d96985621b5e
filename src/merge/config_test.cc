// MergeConfig: platform config rows merged field by field.
#include <gtest/gtest.h>

#include "merge/merge.h"

namespace graft::merge {
namespace {

using nlohmann::json;

std::vector<ConfigTable> Tables() {
  return {{"auth", "providers", {"name"}, {"updated_at"}, {"client_secret"}},
          {"system", "migrations", {"version"}, {"applied_at"}, {}}};
}

json Provider(const std::string& scopes, const std::string& redirect, const std::string& secret, const std::string& at) {
  return {{"name", "github"}, {"scopes", scopes}, {"redirect_url", redirect}, {"client_secret", secret}, {"updated_at", at}};
}

TEST(MergeConfig, DifferentFieldsOfOneRowBothLandAsAnUpdateOfTheBranchsFields) {
  json b = {{"auth.providers", {Provider("user", "https://a", "s0", "t0")}}};
  json p = {{"auth.providers", {Provider("user email", "https://a", "s0", "t1")}}};
  json r = {{"auth.providers", {Provider("user", "https://b", "s0", "t2")}}};
  auto m = MergeConfig(Tables(), b, p, r);
  ASSERT_TRUE(m.conflicts.empty());
  ASSERT_EQ(m.changes.size(), 1u);
  const RowChange& c = m.changes[0];
  EXPECT_EQ(c.action, "update");
  EXPECT_EQ(c.fields, std::vector<std::string>{"redirect_url"});
  EXPECT_EQ(c.table, "auth.providers");
  EXPECT_EQ(c.key, json({{"name", "github"}}));
  EXPECT_NE(c.sql.find("SET (redirect_url)"), std::string::npos) << c.sql;
  EXPECT_EQ(c.sql.find("scopes"), std::string::npos) << c.sql;
  EXPECT_EQ(c.sql.find("updated_at"), std::string::npos) << c.sql;  // volatile: never copied
  EXPECT_FALSE(c.redacted);
}

TEST(MergeConfig, VolatileColumnsNeverConflict) {
  json b = {{"auth.providers", {Provider("user", "https://a", "s0", "t0")}}};
  json p = {{"auth.providers", {Provider("user", "https://a", "s0", "t1")}}};
  json r = {{"auth.providers", {Provider("user", "https://a", "s0", "t2")}}};
  auto m = MergeConfig(Tables(), b, p, r);
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_TRUE(m.changes.empty());
}

TEST(MergeConfig, SameFieldChangedDifferentlyConflicts) {
  json b = {{"auth.providers", {Provider("user", "https://a", "s0", "t0")}}};
  json p = {{"auth.providers", {Provider("user", "https://p", "s0", "t0")}}};
  json r = {{"auth.providers", {Provider("user", "https://r", "s0", "t0")}}};
  auto m = MergeConfig(Tables(), b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u);
  EXPECT_EQ(m.conflicts[0].kind, "config");
  EXPECT_EQ(m.conflicts[0].object, "auth.providers {\"name\":\"github\"}");
  EXPECT_NE(m.conflicts[0].reason.find("redirect_url"), std::string::npos);
  EXPECT_EQ(m.conflicts[0].parent["redirect_url"], "https://p");
  EXPECT_TRUE(m.changes.empty());
}

TEST(MergeConfig, SecretsAreAppliedNeverShown) {
  json b = {{"auth.providers", {Provider("user", "https://a", "s0", "t0")}}};
  json r = {{"auth.providers", {Provider("user", "https://a", "branch-secret", "t0")}}};
  auto m = MergeConfig(Tables(), b, b, r);
  ASSERT_EQ(m.changes.size(), 1u);
  EXPECT_NE(m.changes[0].sql.find("branch-secret"), std::string::npos);
  EXPECT_EQ(m.changes[0].shown_sql.find("branch-secret"), std::string::npos);
  EXPECT_NE(m.changes[0].shown_sql.find("<redacted>"), std::string::npos);
  EXPECT_TRUE(m.changes[0].redacted);
  // Changed on both sides differently: a conflict that shows neither value.
  json p = {{"auth.providers", {Provider("user", "https://a", "parent-secret", "t0")}}};
  auto c = MergeConfig(Tables(), b, p, r);
  ASSERT_EQ(c.conflicts.size(), 1u);
  std::string shown = c.conflicts[0].ToJson().dump();
  EXPECT_EQ(shown.find("secret\":\"s0"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("parent-secret"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("branch-secret"), std::string::npos) << shown;
  EXPECT_EQ(c.conflicts[0].branch["client_secret"], "<redacted>");
}

TEST(MergeConfig, RowsAddedAndDeletedOnTheBranch) {
  json gh = Provider("user", "https://a", "s0", "t0");
  json gl = gh;
  gl["name"] = "gitlab";
  json b = {{"auth.providers", {gh}}};
  json r = {{"auth.providers", {gl}}};
  auto m = MergeConfig(Tables(), b, b, r);
  ASSERT_EQ(m.changes.size(), 2u);
  EXPECT_EQ(m.changes[0].action, "delete");
  EXPECT_EQ(m.changes[0].key, json({{"name", "github"}}));
  EXPECT_EQ(m.changes[1].action, "insert");
  EXPECT_EQ(m.changes[1].sql.find("updated_at"), std::string::npos);
  // The parent changed the row the branch deleted: a conflict.
  json p = {{"auth.providers", {Provider("admin", "https://a", "s0", "t0")}}};
  auto c = MergeConfig(Tables(), b, p, r);
  ASSERT_EQ(c.conflicts.size(), 1u);
  EXPECT_EQ(c.conflicts[0].reason, "row changed on the parent, deleted on the branch");
}

TEST(MergeConfig, MigrationsLedger) {
  auto mig = [](const std::string& v, const std::string& sql, const std::string& at) {
    return json{{"version", v}, {"sql", sql}, {"applied_at", at}};
  };
  json b = {{"system.migrations", {mig("1", "a", "t0")}}};
  // Both applied migration 2 with the same content (at different times): fine.
  json p = {{"system.migrations", {mig("1", "a", "t0"), mig("2", "b", "t1")}}};
  json r = {{"system.migrations", {mig("1", "a", "t0"), mig("2", "b", "t2"), mig("3", "c", "t3")}}};
  auto m = MergeConfig(Tables(), b, p, r);
  ASSERT_TRUE(m.conflicts.empty());
  ASSERT_EQ(m.changes.size(), 1u);
  EXPECT_EQ(m.changes[0].action, "insert");
  EXPECT_EQ(m.changes[0].key, json({{"version", "3"}}));
  // The same version with different content: a conflict.
  json r2 = {{"system.migrations", {mig("1", "a", "t0"), mig("2", "other", "t2")}}};
  auto c = MergeConfig(Tables(), b, p, r2);
  ASSERT_EQ(c.conflicts.size(), 1u);
  EXPECT_EQ(c.conflicts[0].object, "system.migrations {\"version\":\"2\"}");
}

TEST(VerifyConfig, TheParentAfterTheMergedRowsPassesAndEachWrongRowIsNamedWithoutItsValues) {
  json b = {{"auth.providers", {Provider("user", "https://a", "s0", "t0")}}};
  json p = {{"auth.providers", {Provider("user email", "https://a", "s0", "t1")}}};
  json r = {{"auth.providers", {Provider("user", "https://b", "s9", "t2"),
                                 {{"name", "gitlab"}, {"scopes", "x"}, {"redirect_url", "r"}, {"client_secret", "k"}}}},
            {"system.migrations", json::array()}};
  auto m = MergeConfig(Tables(), b, p, r);
  ASSERT_TRUE(m.conflicts.empty());
  ASSERT_EQ(m.changes.size(), 2u);
  // What the statements produce (a new updated_at: volatile, ignored).
  json good = {{"auth.providers", {{{"name", "gitlab"}, {"scopes", "x"}, {"redirect_url", "r"}, {"client_secret", "k"}},
                                   Provider("user email", "https://b", "s9", "t3")}}};
  EXPECT_TRUE(VerifyConfig(Tables(), p, r, m.changes, good).empty());

  json wrong = {{"auth.providers", {Provider("user", "https://b", "s8", "t3")}},
                {"system.migrations", {{{"version", "1"}, {"applied_at", "now"}}}}};
  auto bad = VerifyConfig(Tables(), p, r, m.changes, wrong);
  ASSERT_EQ(bad.size(), 3u);
  EXPECT_EQ(bad[0], R"(config auth.providers {"name":"github"} (differs: client_secret, scopes))");
  EXPECT_EQ(bad[1], R"(config auth.providers {"name":"gitlab"} (missing))");
  EXPECT_EQ(bad[2], R"(config system.migrations {"version":"1"} (not expected))");
  for (const auto& line : bad) EXPECT_EQ(line.find("s8"), std::string::npos) << line;
}

}  // namespace
}  // namespace graft::merge
