// graft auth settings|providers on a real instance.
#include "platform_test_util.h"

namespace graft::testing {

TEST(PlatformAuth, SettingsGetSetUnsetAndValidation) {
  PlatformProject p;
  auto all = p.Json({"auth", "settings", "get"});
  EXPECT_EQ(all["group"], "auth");
  bool found = false;
  for (const auto& s : all["settings"]) {
    if (s["key"] == "password_min_length") {
      found = true;
      EXPECT_EQ(s["value"], 8);
      EXPECT_EQ(s["is_default"], true);
    }
  }
  EXPECT_TRUE(found);

  p.Ok({"auth", "settings", "set", "password_min_length=12", "email_confirmation_required=false",
        "site_url=https://app.example.com", "redirect_urls=https://app.example.com/cb,https://*.preview.example.com"});
  auto one = p.Json({"auth", "settings", "get", "password_min_length", "redirect_urls"});
  ASSERT_EQ(one["settings"].size(), 2u);
  EXPECT_EQ(one["settings"][0]["value"], 12);
  EXPECT_EQ(one["settings"][0]["is_default"], false);
  EXPECT_EQ(one["settings"][1]["value"],
            (nlohmann::json{"https://app.example.com/cb", "https://*.preview.example.com"}));
  // One row per setting (merged field by field).
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM auth.settings"), "4");
  EXPECT_EQ(p.Scalar("SELECT value::text FROM auth.settings WHERE key = 'email_confirmation_required'"), "false");

  // Invalid values: unknown key, wrong type, out of range, bad URL. Nothing
  // of a refused command is written, even the valid assignments before it.
  EXPECT_NE(p.Fails({"auth", "settings", "set", "password_min_length=10", "no_such_key=1"}, 3).find("no_such_key"),
            std::string::npos);
  EXPECT_NE(p.Fails({"auth", "settings", "set", "password_min_length=3"}, 3).find("out of range"), std::string::npos);
  EXPECT_NE(p.Fails({"auth", "settings", "set", "signup_enabled=maybe"}, 3).find("not a boolean"), std::string::npos);
  EXPECT_NE(p.Fails({"auth", "settings", "set", "site_url=ftp://files.example.com"}, 3).find("scheme"), std::string::npos);
  EXPECT_NE(p.Fails({"auth", "settings", "set", "redirect_urls=https://ok.example.com,not-a-url"}, 3).find("not-a-url"),
            std::string::npos);
  p.Fails({"auth", "settings", "set", "password_min_length"}, 3);
  EXPECT_EQ(p.Scalar("SELECT value::text FROM auth.settings WHERE key = 'password_min_length'"), "12");

  p.Ok({"auth", "settings", "unset", "password_min_length"});
  auto back = p.Json({"auth", "settings", "get", "password_min_length"});
  EXPECT_EQ(back["settings"][0]["value"], 8);
  EXPECT_EQ(back["settings"][0]["is_default"], true);
  p.Fails({"auth", "settings", "unset", "bogus"}, 3);
}

TEST(PlatformAuth, ProvidersLifecycleAndSecretsNeverPrinted) {
  PlatformProject p;
  TempDir tmp;
  const std::string secret1 = "gh-secret-Zq81xLw";
  const std::string secret2 = "gh-rotated-Pp03kVd";
  auto secret_file = tmp.Write("secret", secret1 + "\n");

  EXPECT_EQ(p.Json({"auth", "providers", "list"})["providers"].size(), 0u);
  auto added = p.Json({"auth", "providers", "add", "github", "--client-id", "cid-1", "--client-secret-file", secret_file,
                       "--scopes", "read:user,user:email", "--redirect-url", "https://app.example.com/auth/cb"});
  EXPECT_EQ(added["provider"]["name"], "github");
  EXPECT_EQ(added["provider"]["client_id"], "cid-1");
  EXPECT_EQ(added["provider"]["client_secret"], "********");
  EXPECT_EQ(added["provider"]["scopes"], (nlohmann::json{"read:user", "user:email"}));
  EXPECT_EQ(added["provider"]["enabled"], true);
  // Stored as given (the trailing newline of the file is not part of it).
  EXPECT_EQ(p.Scalar("SELECT client_secret = '" + secret1 + "' FROM auth.providers WHERE name = 'github'"), "t");

  // Duplicates, unknown providers, bad URLs, missing fields.
  EXPECT_NE(p.Fails({"auth", "providers", "add", "github", "--client-id", "x", "--client-secret", "y"}, 5).find("already exists"),
            std::string::npos);
  EXPECT_NE(p.Fails({"auth", "providers", "add", "myspace", "--client-id", "x", "--client-secret", "y"}, 3).find("unknown auth provider"),
            std::string::npos);
  p.Fails({"auth", "providers", "add", "google", "--client-id", "x", "--client-secret", "y", "--redirect-url", "javascript:alert(1)"}, 3);
  p.Fails({"auth", "providers", "add", "google", "--client-id", "x"}, 3);
  p.Fails({"auth", "providers", "add", "google", "--client-id", "x", "--client-secret-file", tmp.dir() + "/missing"}, 4);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM auth.providers"), "1");

  // Update changes only the given fields.
  auto upd = p.Json({"auth", "providers", "update", "github", "--enabled", "false", "--client-secret", secret2});
  EXPECT_EQ(upd["provider"]["enabled"], false);
  EXPECT_EQ(upd["provider"]["client_id"], "cid-1");
  EXPECT_EQ(p.Scalar("SELECT client_secret = '" + secret2 + "' FROM auth.providers WHERE name = 'github'"), "t");
  p.Fails({"auth", "providers", "update", "github"}, 3);
  p.Fails({"auth", "providers", "update", "gitlab", "--enabled", "true"}, 4);
  p.Fails({"auth", "providers", "update", "github", "--enabled", "sometimes"}, 3);

  auto text = p.Ok({"auth", "providers", "list"});
  EXPECT_NE(text.find("github"), std::string::npos);
  EXPECT_NE(text.find("********"), std::string::npos);
  p.Ok({"auth", "providers", "get", "github"});
  p.Json({"auth", "providers", "get", "github"});
  p.Json({"auth", "providers", "list"});

  p.Ok({"auth", "providers", "remove", "github"});
  p.Fails({"auth", "providers", "remove", "github"}, 4);
  p.Fails({"auth", "providers", "get", "github"}, 4);

  // No output of any command above held a secret.
  EXPECT_EQ(p.transcript().find(secret1), std::string::npos);
  EXPECT_EQ(p.transcript().find(secret2), std::string::npos);
}

TEST(PlatformAuth, UnknownProjectAndNoContext) {
  GraftHome h;
  auto r = h.Run({"auth", "providers", "list", "--project", "ghost"});
  EXPECT_EQ(r.code, 4) << r.err;
  r = h.Run({"auth", "settings", "get"});
  EXPECT_EQ(r.code, 3) << r.err;
}

}  // namespace graft::testing
