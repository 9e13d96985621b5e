// graft email settings|templates on a real instance.
#include "platform_test_util.h"

namespace graft::testing {

TEST(PlatformEmail, SettingsWithASecretPassword) {
  PlatformProject p;
  const std::string password = "smtp-Pw-77aQxK";
  p.Ok({"email", "settings", "set", "smtp_host=smtp.example.com", "smtp_port=2525", "smtp_user=mailer",
        "smtp_password=" + password, "sender_email=noreply@example.com", "sender_name=Example"});
  auto s = p.Json({"email", "settings", "get"});
  std::map<std::string, nlohmann::json> by_key;
  for (const auto& x : s["settings"]) by_key[x["key"]] = x;
  EXPECT_EQ(by_key["smtp_host"]["value"], "smtp.example.com");
  EXPECT_EQ(by_key["smtp_port"]["value"], 2525);
  EXPECT_EQ(by_key["smtp_password"]["value"], "********");
  EXPECT_EQ(by_key["smtp_password"]["is_default"], false);
  // Stored apart from the plain values, in the secret column.
  EXPECT_EQ(p.Scalar("SELECT secret_value = '" + password + "' AND value IS NULL FROM email.settings WHERE key = 'smtp_password'"), "t");
  p.Ok({"email", "settings", "get"});
  p.Ok({"email", "settings", "get", "smtp_password"});

  p.Fails({"email", "settings", "set", "smtp_port=99999"}, 3);
  p.Fails({"email", "settings", "set", "sender_email=not-an-address"}, 3);
  p.Fails({"email", "settings", "set", "smtp_host=bad host"}, 3);
  p.Fails({"email", "settings", "set", "smtp_password="}, 3);
  p.Ok({"email", "settings", "unset", "smtp_password"});
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM email.settings WHERE key = 'smtp_password'"), "0");
  EXPECT_EQ(p.transcript().find(password), std::string::npos);
}

TEST(PlatformEmail, TemplatesSetGetRenderAndUnknownPlaceholders) {
  PlatformProject p;
  TempDir tmp;
  auto list = p.Json({"email", "templates", "list"});
  ASSERT_EQ(list["templates"].size(), 5u);
  for (const auto& t : list["templates"]) EXPECT_EQ(t["is_default"], true);

  auto body = tmp.Write("body.html", "<p>Hi {{ email }}, confirm at {{confirmation_url}}</p>\n");
  auto set = p.Json({"email", "templates", "set", "signup_confirmation", "--subject", "Welcome to {{ site_url }}",
                     "--body-file", body});
  EXPECT_EQ(set["template"]["is_default"], false);
  EXPECT_EQ(set["template"]["subject"], "Welcome to {{ site_url }}");
  auto get = p.Json({"email", "templates", "get", "signup_confirmation"});
  EXPECT_EQ(get["template"]["body"], "<p>Hi {{ email }}, confirm at {{confirmation_url}}</p>\n");

  auto r = p.Json({"email", "templates", "render", "signup_confirmation", "--var", "email=ann@example.com", "--var",
                   "confirmation_url=https://x.example.com/c?t=1"});
  EXPECT_EQ(r["subject"], "Welcome to http://localhost:3000");
  EXPECT_EQ(r["body"], "<p>Hi ann@example.com, confirm at https://x.example.com/c?t=1</p>\n");
  EXPECT_NE(p.Ok({"email", "templates", "render", "signup_confirmation"}).find("user@example.com"), std::string::npos);

  // Unknown placeholders and types are refused; the stored template is kept.
  auto bad = tmp.Write("bad.html", "Hi {{ first_name }}");
  EXPECT_NE(p.Fails({"email", "templates", "set", "signup_confirmation", "--body-file", bad}, 3).find("first_name"),
            std::string::npos);
  p.Fails({"email", "templates", "set", "signup_confirmation", "--subject", "Hi {{ new_email }}"}, 3);
  p.Fails({"email", "templates", "set", "signup_confirmation", "--subject", "Hi {{ email"}, 3);
  p.Fails({"email", "templates", "set", "welcome", "--subject", "x"}, 3);
  p.Fails({"email", "templates", "set", "password_reset"}, 3);
  p.Fails({"email", "templates", "set", "password_reset", "--body-file", tmp.dir() + "/missing"}, 4);
  p.Fails({"email", "templates", "render", "signup_confirmation", "--var", "new_email=x"}, 3);
  p.Fails({"email", "templates", "get", "welcome"}, 3);
  EXPECT_EQ(p.Json({"email", "templates", "get", "signup_confirmation"})["template"]["subject"], "Welcome to {{ site_url }}");
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM email.templates"), "1");
  // email_change allows new_email.
  p.Ok({"email", "templates", "set", "email_change", "--subject", "Change to {{ new_email }}"});
}

}  // namespace graft::testing
