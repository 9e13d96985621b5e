#include "platform/templates.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace graft::platform {
namespace {

TEST(PlatformTemplates, StandardTypesAndTheirDefaultsAreValid) {
  std::vector<std::string> names;
  for (const auto& t : TemplateTypes()) {
    names.push_back(t.type);
    EXPECT_NO_THROW(ValidateTemplate(t, t.default_subject, t.default_body)) << t.type;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"signup_confirmation", "password_reset", "magic_link", "invite",
                                             "email_change"}));
  EXPECT_THROW(FindTemplateType("welcome"), Error);
}

TEST(PlatformTemplates, Placeholders) {
  EXPECT_EQ(Placeholders("b", "Hi {{email}} {{ token }} {{email}}"), (std::vector<std::string>{"email", "token"}));
  EXPECT_TRUE(Placeholders("b", "no placeholders { } }}").empty());
  EXPECT_THROW(Placeholders("b", "Hi {{ email"), Error);
  EXPECT_THROW(Placeholders("b", "Hi {{ }}"), Error);
  EXPECT_THROW(Placeholders("b", "Hi {{ Email }}"), Error);
}

TEST(PlatformTemplates, UnknownPlaceholderIsRefusedNamingIt) {
  const auto& t = FindTemplateType("password_reset");
  try {
    ValidateTemplate(t, "Reset", "Hello {{ new_email }}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("new_email"), std::string::npos);
    EXPECT_NE(e.hint().find("confirmation_url"), std::string::npos);
  }
  EXPECT_NO_THROW(ValidateTemplate(FindTemplateType("email_change"), "x", "{{ new_email }}"));
  EXPECT_THROW(ValidateTemplate(t, "", "body"), Error);
  EXPECT_THROW(ValidateTemplate(t, "two\nlines", "body"), Error);
  EXPECT_THROW(ValidateTemplate(t, "ok", ""), Error);
}

TEST(PlatformTemplates, Render) {
  const auto& t = FindTemplateType("magic_link");
  EXPECT_EQ(Render(t, "Hi {{ email }}, code {{token}}.", {{"email", "bob@x.io"}}), "Hi bob@x.io, code 123456.");
  EXPECT_THROW(Render(t, "x", {{"new_email", "a"}}), Error);
}

}  // namespace
}  // namespace graft::platform
