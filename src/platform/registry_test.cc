#include <gtest/gtest.h>

#include <set>

#include "common/error.h"
#include "platform/platform.h"
#include "platform/settings.h"

namespace graft::platform {
namespace {

TEST(PlatformRegistry, EmbeddedRegistryCoversEverySchemaAndIsConsistent) {
  const auto& reg = Registry();
  ASSERT_FALSE(reg.empty());
  std::set<std::string> schemas;
  for (const auto& t : reg) {
    schemas.insert(t.schema);
    EXPECT_FALSE(t.key.empty()) << t.qualified();
    for (const auto& k : t.key) {
      EXPECT_FALSE(t.IsSecret(k)) << t.qualified();
      EXPECT_FALSE(t.IsVolatile(k)) << t.qualified();
    }
  }
  EXPECT_EQ(schemas.size(), Schemas().size());
  // The kinds of state the issues name.
  EXPECT_EQ(Table("auth", "users").klass, TableClass::kData);
  EXPECT_EQ(Table("storage", "objects").klass, TableClass::kData);
  EXPECT_EQ(Table("auth", "providers").klass, TableClass::kConfig);
  EXPECT_TRUE(Table("auth", "providers").IsSecret("client_secret"));
  EXPECT_TRUE(Table("email", "settings").IsSecret("secret_value"));
  EXPECT_TRUE(Table("schedules", "jobs").IsSecret("headers"));
  EXPECT_EQ(Table("functions", "functions").key, std::vector<std::string>{"slug"});
  EXPECT_EQ(Table("email", "templates").key, std::vector<std::string>{"type"});
  EXPECT_EQ(FindTable("auth", "nope"), nullptr);
  EXPECT_THROW(Table("auth", "nope"), Error);
}

TEST(PlatformRegistry, ParseRefusesBadDocuments) {
  EXPECT_THROW(ParseRegistry("{"), Error);
  EXPECT_THROW(ParseRegistry("{}"), Error);
  EXPECT_THROW(ParseRegistry(R"({"tables":[{"schema":"auth","table":"x","key":[],"class":"config"}]})"), Error);
  EXPECT_THROW(ParseRegistry(R"({"tables":[{"schema":"auth","table":"x","key":["a"],"class":"other"}]})"), Error);
  EXPECT_THROW(ParseRegistry(R"({"tables":[{"schema":"public","table":"x","key":["a"],"class":"data"}]})"), Error);
  EXPECT_THROW(ParseRegistry(R"({"tables":[{"schema":"auth","table":"x","key":["a"],"class":"data","volatile":["a"]}]})"),
               Error);
  EXPECT_THROW(ParseRegistry(R"({"tables":[{"schema":"auth","table":"x","key":["a"],"class":"data"},
                                          {"schema":"auth","table":"x","key":["a"],"class":"data"}]})"),
               Error);
  auto ok = ParseRegistry(
      R"({"tables":[{"schema":"auth","table":"x","key":["a","b"],"class":"data","volatile":["t"],"secret":["s"]}]})");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].klass, TableClass::kData);
  EXPECT_TRUE(ok[0].IsSecret("s"));
  EXPECT_TRUE(ok[0].IsVolatile("t"));
}

TEST(PlatformRegistry, MaskingHidesEverySecretValue) {
  const auto& jobs = Table("schedules", "jobs");
  nlohmann::json row = {{"name", "hook"}, {"headers", {{"Authorization", "Bearer abc"}, {"X-K", "v"}}}};
  auto masked = MaskRow(jobs, row);
  EXPECT_EQ(masked["name"], "hook");
  EXPECT_EQ(masked["headers"]["Authorization"], kMask);
  EXPECT_EQ(masked["headers"]["X-K"], kMask);
  EXPECT_EQ(masked.dump().find("abc"), std::string::npos);
  const auto& providers = Table("auth", "providers");
  auto p = MaskRow(providers, {{"name", "github"}, {"client_secret", "s3cr3t"}});
  EXPECT_EQ(p["client_secret"], kMask);
  EXPECT_TRUE(MaskValue(nullptr).is_null());
}

TEST(PlatformMigrations, EmbeddedAndNumbered) {
  const auto& ms = Migrations();
  ASSERT_FALSE(ms.empty());
  EXPECT_EQ(ms[0].name, "001_init");
  EXPECT_EQ(LatestVersion(), static_cast<int>(ms.size()));
  for (const auto& m : ms) EXPECT_EQ(m.checksum.size(), 64u);
}

TEST(PlatformSettings, ParseAndValidate) {
  EXPECT_EQ(ParseSettingValue(FindSetting("auth", "password_min_length"), "10"), 10);
  EXPECT_THROW(ParseSettingValue(FindSetting("auth", "password_min_length"), "2"), Error);
  EXPECT_EQ(ParseSettingValue(FindSetting("auth", "signup_enabled"), "no"), false);
  EXPECT_EQ(ParseSettingValue(FindSetting("auth", "redirect_urls"), "https://a.io/cb, https://*.b.io"),
            (nlohmann::json{"https://a.io/cb", "https://*.b.io"}));
  EXPECT_THROW(ParseSettingValue(FindSetting("auth", "site_url"), "not a url"), Error);
  EXPECT_THROW(ParseSettingValue(FindSetting("email", "sender_email"), "nobody"), Error);
  EXPECT_THROW(ParseSettingValue(FindSetting("email", "smtp_port"), "70000"), Error);
  EXPECT_THROW(FindSetting("auth", "nope"), Error);
  EXPECT_THROW(SettingSpecs("billing"), Error);
  try {
    ParseSettingValue(FindSetting("email", "smtp_password"), std::string(5000, 'x'));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find("xxxx"), std::string::npos);
  }
  // Every default parses as its own type would.
  for (const char* group : {"auth", "email", "realtime"}) {
    for (const auto& s : SettingSpecs(group)) {
      if (s.default_value.is_null() || s.type == SettingType::kUrlList) continue;
      std::string text = s.default_value.is_string() ? s.default_value.get<std::string>() : s.default_value.dump();
      EXPECT_EQ(ParseSettingValue(s, text), s.default_value) << group << "." << s.key;
    }
  }
}

}  // namespace
}  // namespace graft::platform
