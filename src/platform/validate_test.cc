#include "platform/validate.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace graft::platform {
namespace {

TEST(PlatformValidate, Urls) {
  EXPECT_EQ(CheckUrl("https://app.example.com"), std::nullopt);
  EXPECT_EQ(CheckUrl("http://localhost:3000/cb?x=1#y"), std::nullopt);
  EXPECT_EQ(CheckUrl("https://[::1]:8080/"), std::nullopt);
  EXPECT_EQ(CheckUrl("https://*.example.com/**", true), std::nullopt);
  EXPECT_TRUE(CheckUrl("https://*.example.com/"));
  EXPECT_TRUE(CheckUrl("ftp://example.com"));
  EXPECT_TRUE(CheckUrl("example.com"));
  EXPECT_TRUE(CheckUrl("https://"));
  EXPECT_TRUE(CheckUrl("https://exa mple.com"));
  EXPECT_TRUE(CheckUrl("https://example.com:0"));
  EXPECT_TRUE(CheckUrl("https://example.com:99999"));
  EXPECT_TRUE(CheckUrl("https://user:pw@example.com"));
  EXPECT_TRUE(CheckUrl("https://-bad-.com"));
  EXPECT_TRUE(CheckUrl("https://a..b"));
  EXPECT_THROW(ValidateUrl("site_url", "nope"), Error);
}

TEST(PlatformValidate, Emails) {
  EXPECT_EQ(CheckEmail("a@example.com"), std::nullopt);
  EXPECT_TRUE(CheckEmail("a@b"));
  EXPECT_TRUE(CheckEmail("@example.com"));
  EXPECT_TRUE(CheckEmail("a b@example.com"));
  EXPECT_TRUE(CheckEmail("a@@example.com"));
}

TEST(PlatformValidate, BoolIntSize) {
  EXPECT_TRUE(ParseBool("x", "TRUE"));
  EXPECT_TRUE(ParseBool("x", "yes"));
  EXPECT_FALSE(ParseBool("x", "off"));
  EXPECT_THROW(ParseBool("x", "maybe"), Error);
  EXPECT_EQ(ParseInt("x", "12", 1, 20), 12);
  EXPECT_EQ(ParseInt("x", "-3", -5, 5), -3);
  EXPECT_THROW(ParseInt("x", "21", 1, 20), Error);
  EXPECT_THROW(ParseInt("x", "1e3", 1, 2000), Error);
  EXPECT_THROW(ParseInt("x", "", 1, 2000), Error);
  EXPECT_EQ(ParseSize("x", "100"), 100);
  EXPECT_EQ(ParseSize("x", "2KB"), 2048);
  EXPECT_EQ(ParseSize("x", "1MiB"), 1024 * 1024);
  EXPECT_EQ(ParseSize("x", "3g"), 3LL * 1024 * 1024 * 1024);
  EXPECT_THROW(ParseSize("x", "0"), Error);
  EXPECT_THROW(ParseSize("x", "12 parsecs"), Error);
  EXPECT_THROW(ParseSize("x", "-1"), Error);
}

TEST(PlatformValidate, ResourceNames) {
  EXPECT_EQ(CheckResourceName("avatars"), std::nullopt);
  EXPECT_EQ(CheckResourceName("my_fn-2"), std::nullopt);
  EXPECT_EQ(CheckResourceName("9lives"), std::nullopt);
  EXPECT_TRUE(CheckResourceName(""));
  EXPECT_TRUE(CheckResourceName("-x"));
  EXPECT_TRUE(CheckResourceName("Upper"));
  EXPECT_TRUE(CheckResourceName("a/b"));
  EXPECT_TRUE(CheckResourceName(std::string(64, 'a')));
  try {
    ValidateResourceName("bucket", "Bad Name");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_EQ(std::string(e.what()), "invalid bucket name 'Bad Name'");
    EXPECT_NE(e.hint().find("lowercase"), std::string::npos);
  }
}

TEST(PlatformValidate, StorageKeysRefuseTraversal) {
  EXPECT_EQ(CheckStorageKey("a.txt"), std::nullopt);
  EXPECT_EQ(CheckStorageKey("dir/sub/a b.png"), std::nullopt);
  EXPECT_EQ(CheckStorageKey("..hidden/x..y"), std::nullopt);
  for (const char* bad : {"", "/abs", "../x", "a/../b", "a/..", "a/./b", ".", "a//b", "a/", "a\\b", "a\nb"}) {
    EXPECT_TRUE(CheckStorageKey(bad).has_value()) << bad;
  }
  EXPECT_TRUE(CheckStorageKey(std::string(1025, 'a')));
  auto [b, k] = SplitObjectPath("avatars/me/face.png");
  EXPECT_EQ(b, "avatars");
  EXPECT_EQ(k, "me/face.png");
  EXPECT_THROW(SplitObjectPath("avatars"), Error);
  EXPECT_THROW(SplitObjectPath("avatars/../etc/passwd"), Error);
  EXPECT_THROW(SplitObjectPath("Bad/x"), Error);
}

TEST(PlatformValidate, Mime) {
  auto list = ParseMimeList("--mime", "image/*, text/plain,TEXT/PLAIN");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_TRUE(MimeAllowed(list, "image/png"));
  EXPECT_TRUE(MimeAllowed(list, "text/plain; charset=utf-8"));
  EXPECT_FALSE(MimeAllowed(list, "text/html"));
  EXPECT_FALSE(MimeAllowed(list, "imagex/png"));
  EXPECT_TRUE(MimeAllowed({}, "anything/at-all"));
  EXPECT_THROW(ParseMimeList("--mime", "image"), Error);
  EXPECT_THROW(ParseMimeList("--mime", "*/*x"), Error);
  EXPECT_EQ(GuessContentType("a/b/photo.PNG"), "image/png");
  EXPECT_EQ(GuessContentType("notes.txt"), "text/plain");
  EXPECT_EQ(GuessContentType("blob"), "application/octet-stream");
  EXPECT_EQ(GuessContentType(".bashrc"), "application/octet-stream");
}

TEST(PlatformValidate, AssignmentsNeverEchoTheValue) {
  auto [k, v] = ParseAssignment("x", "smtp_password=a=b");
  EXPECT_EQ(k, "smtp_password");
  EXPECT_EQ(v, "a=b");
  try {
    ParseAssignment("header", "s3cr3tvalue");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos);
    EXPECT_EQ(e.hint().find("s3cr3t"), std::string::npos);
  }
  EXPECT_EQ(SplitList("a, b,,c  d"), (std::vector<std::string>{"a", "b", "c", "d"}));
}

}  // namespace
}  // namespace graft::platform
