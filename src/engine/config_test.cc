#include "engine/config.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace graft::engine {

namespace {
// The message of the kUsage error ParseConfig throws, or "" when it accepts.
std::string Refusal(const std::string& text) {
  try {
    ParseConfig(text, "config.json");
    return "";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    return std::string(e.what()) + " | " + e.hint();
  }
}
}  // namespace

TEST(Config, DefaultsAndValidValues) {
  Config c = ParseConfig("{}", "config.json");
  EXPECT_EQ(c.max_branches_per_parent, 2);
  c = ParseConfig(R"({"quotas": {"branches_per_parent": 5}, "ports": {"first": 40000, "last": 40010},
                     "instance_settings": {"shared_buffers": "128MB", "fsync": false, "work_mem": 4096,
                                           "checkpoint_completion_target": 0.9}})",
                  "config.json");
  EXPECT_EQ(c.max_branches_per_parent, 5);
  EXPECT_EQ(c.first_port, 40000);
  EXPECT_EQ(c.instance_settings["shared_buffers"], "'128MB'");
  EXPECT_EQ(c.instance_settings["fsync"], "off");
  EXPECT_EQ(c.instance_settings["work_mem"], "4096");
  EXPECT_EQ(c.instance_settings["checkpoint_completion_target"], "0.9");
}

TEST(Config, NumbersOfTheWrongKindOrRangeAreRefused) {
  for (const char* v : {"-1", "1.9", "4294967297", "null", "[]", "\"3\"", "1e3"}) {
    std::string text = std::string(R"({"quotas": {"branches_per_parent": )") + v + "}}";
    EXPECT_NE(Refusal(text).find("quotas.branches_per_parent"), std::string::npos) << v;
  }
  EXPECT_NE(Refusal(R"({"ports": {"first": 80}})").find("ports.first"), std::string::npos);
  EXPECT_NE(Refusal(R"({"ports": {"first": 70000}})").find("ports.first"), std::string::npos);
  EXPECT_NE(Refusal(R"({"ports": {"first": 50000, "last": 40000}})"), "");
  EXPECT_NE(Refusal("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(Refusal("[]").find("must be an object"), std::string::npos);
}

TEST(Config, UnknownKeysGetADidYouMean) {
  EXPECT_NE(Refusal(R"({"quota": {}})").find("did you mean 'quotas'"), std::string::npos);
  EXPECT_NE(Refusal(R"({"quotas": {"branches_per_parnet": 1}})").find("did you mean 'branches_per_parent'"),
            std::string::npos);
  EXPECT_NE(Refusal(R"({"instance_setings": {}})").find("did you mean 'instance_settings'"), std::string::npos);
  EXPECT_NE(Refusal(R"({"zzz": 1})").find("known keys"), std::string::npos);
}

TEST(Config, SettingsAreQuotedAndReachabilityIsGraftsOwn) {
  // A quote and a newline could end the value and add a line of their own.
  EXPECT_NE(Refusal(R"({"instance_settings": {"application_name": "x'\nlisten_addresses = '*"}})")
                .find("control character"),
            std::string::npos);
  Config c = ParseConfig(R"({"instance_settings": {"application_name": "it's a \\ test"}})", "config.json");
  EXPECT_EQ(c.instance_settings["application_name"], "'it''s a \\\\ test'");
  for (const char* k : {"listen_addresses", "port", "hba_file", "unix_socket_directories", "unix_socket_permissions",
                        "data_directory", "config_file"}) {
    std::string text = std::string(R"({"branch_instance_settings": {")") + k + R"(": "x"}})";
    EXPECT_NE(Refusal(text).find("cannot be set"), std::string::npos) << k;
  }
  EXPECT_NE(Refusal(R"({"instance_settings": {"work mem = 1\nport": 1}})").find("not a PostgreSQL setting name"),
            std::string::npos);
  EXPECT_NE(Refusal(R"({"instance_settings": {"work_mem": null}})").find("must be a string"), std::string::npos);
  EXPECT_NE(Refusal(R"({"instance_settings": {"work_mem": {}}})").find("must be a string"), std::string::npos);
}

}  // namespace graft::engine
