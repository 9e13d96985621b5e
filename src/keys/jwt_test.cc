#include "keys/jwt.h"

#include <gtest/gtest.h>

#include "common/crypto.h"

namespace graft::keys {

TEST(Jwt, RoundTrip) {
  std::string secret = NewJwtSecret();
  std::string token = SignHs256({{"sub", "alice"}, {"exp", 2000}}, secret);
  auto r = VerifyHs256(token, secret, 1000);
  ASSERT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.claims["sub"], "alice");
  EXPECT_EQ(r.header["alg"], "HS256");
}

TEST(Jwt, KnownVector) {
  // The well-known jwt.io example, signed with "your-256-bit-secret".
  std::string token =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
      "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  EXPECT_TRUE(VerifyHs256(token, "your-256-bit-secret", 0).valid);
  EXPECT_FALSE(VerifyHs256(token, "another-secret", 0).valid);
}

TEST(Jwt, RejectsWrongSecretExpiredTamperedAndAlg) {
  std::string token = SignHs256({{"sub", "bob"}, {"exp", 100}}, "s1");
  EXPECT_EQ(VerifyHs256(token, "s2", 50).reason, "bad signature (signed with another secret)");
  EXPECT_EQ(VerifyHs256(token, "s1", 100).reason, "expired");
  std::string tampered = token;
  tampered[tampered.find('.') + 2] ^= 1;
  EXPECT_FALSE(VerifyHs256(tampered, "s1", 50).valid);
  EXPECT_FALSE(VerifyHs256("abc", "s1", 50).valid);
  EXPECT_FALSE(VerifyHs256("a.b.c.d", "s1", 50).valid);
  // alg=none must never verify.
  std::string none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
  auto r = VerifyHs256(none, "s1", 0);
  EXPECT_FALSE(r.valid);
}

TEST(Jwt, KeysAreRandomAndShaped) {
  EXPECT_NE(NewJwtSecret(), NewJwtSecret());
  std::string k = NewApiKey();
  EXPECT_EQ(k.rfind("gft_sk_", 0), 0u);
  EXPECT_EQ(k.size(), 7u + 48u);
  EXPECT_NE(NewApiKey(), k);
  EXPECT_EQ(NewDbPassword().size(), 32u);
}

}  // namespace graft::keys

namespace graft::keys {

TEST(Jwt, RefusesCritAndDuplicateKeys) {
  const std::string secret = "s3cret-s3cret-s3cret";
  auto sign = [&](const std::string& header, const std::string& claims) {
    std::string signing = Base64UrlEncode(header) + "." + Base64UrlEncode(claims);
    return signing + "." + Base64UrlEncode(HmacSha256(secret, signing));
  };
  EXPECT_TRUE(VerifyHs256(sign(R"({"alg":"HS256"})", R"({"sub":"a"})"), secret, 0).valid);
  auto crit = VerifyHs256(sign(R"({"alg":"HS256","crit":["exp2"],"exp2":1})", R"({"sub":"a"})"), secret, 0);
  EXPECT_FALSE(crit.valid);
  EXPECT_NE(crit.reason.find("crit"), std::string::npos);
  auto dup_header = VerifyHs256(sign(R"({"alg":"none","alg":"HS256"})", R"({"sub":"a"})"), secret, 0);
  EXPECT_FALSE(dup_header.valid);
  EXPECT_NE(dup_header.reason.find("twice"), std::string::npos);
  auto dup_claims = VerifyHs256(sign(R"({"alg":"HS256"})", R"({"role":"anon","role":"service_role"})"), secret, 0);
  EXPECT_FALSE(dup_claims.valid);
  // A repeated key inside a nested object is a different key.
  EXPECT_TRUE(VerifyHs256(sign(R"({"alg":"HS256"})", R"({"a":{"k":1},"b":{"k":2}})"), secret, 0).valid);
}

}  // namespace graft::keys
