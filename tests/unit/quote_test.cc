// Quoted(): how names and user values appear in messages (issue 10, item 18).
#include <gtest/gtest.h>

#include <string>

#include "common/crypto.h"
#include "common/error.h"
#include "common/names.h"
#include "common/text.h"
#include "keys/jwt.h"

namespace graft {
namespace {

TEST(Quote, EscapesWhatCouldEndTheValueOrTheLine) {
  EXPECT_EQ(Quoted("app"), "'app'");
  EXPECT_EQ(Quoted("a\nb"), "'a\\nb'");
  EXPECT_EQ(Quoted("a\tb\rc"), "'a\\tb\\rc'");
  EXPECT_EQ(Quoted("it's"), "'it\\'s'");
  EXPECT_EQ(Quoted("back\\slash"), "'back\\\\slash'");
  EXPECT_EQ(Quoted("\x1B[2J\x7F"), "'\\x1B[2J\\x7F'");
  EXPECT_EQ(Quoted("h\xE9llo\xFF"), "'h\\xE9llo\\xFF'");
  EXPECT_EQ(Quoted("caf\xC3\xA9 \xF0\x9F\x98\x80"), "'caf\xC3\xA9 \xF0\x9F\x98\x80'");
  EXPECT_EQ(Quoted(std::string("a\0b", 3)), "'a\\x00b'");
  EXPECT_EQ(Quoted(""), "''");
}

TEST(Quote, CutsLongValuesWithTheirLength) {
  std::string big(10240, 'x');
  std::string q = Quoted(big);
  EXPECT_EQ(q, "'" + std::string(80, 'x') + "...' (10240 bytes)");
  // Exactly at the limit: not cut.
  EXPECT_EQ(Quoted(std::string(80, 'y')), "'" + std::string(80, 'y') + "'");
  // An escape is never split either.
  std::string nl(100, '\n');
  EXPECT_EQ(Quoted(nl, 5), "'\\n\\n...' (100 bytes)");
}

TEST(Quote, NeverCutsAMultiByteCharacter) {
  // 79 ASCII bytes, then a 3-byte character across the limit of 80.
  std::string s = std::string(79, 'a') + "\xE2\x82\xAC" + "tail";
  std::string q = Quoted(s);
  EXPECT_EQ(q, "'" + std::string(79, 'a') + "...' (86 bytes)");
  EXPECT_TRUE(IsValidUtf8(q));
  // A 4-byte character at every offset around the limit stays whole or goes.
  for (size_t pad = 74; pad <= 82; ++pad) {
    std::string v = std::string(pad, 'b') + "\xF0\x9F\x98\x80\xF0\x9F\x98\x80";
    std::string out = Quoted(v);
    EXPECT_TRUE(IsValidUtf8(out)) << pad;
    EXPECT_EQ(out.find('\n'), std::string::npos);
  }
}

TEST(Quote, PrintableIsOneValidLineWhateverTheBytes) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  std::string p = Printable(all, 100000);
  EXPECT_TRUE(IsValidUtf8(p));
  EXPECT_EQ(p.find('\n'), std::string::npos);
  EXPECT_EQ(p.find('\r'), std::string::npos);
  std::string cut = Printable(std::string(5000, 'z'), 2000);
  EXPECT_EQ(cut, std::string(2000, 'z') + "... (5000 bytes)");
}

TEST(Quote, InvalidNameMessagesQuoteTheName) {
  auto message = [](const std::string& name) {
    try {
      ValidateName("project", name);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      return std::string(e.what());
    }
    return std::string("(valid)");
  };
  EXPECT_EQ(message("a\nb"), "invalid project name 'a\\nb': name has the character '\\n'");
  EXPECT_EQ(message("it's"), "invalid project name 'it\\'s': name has the character '\\''");
  EXPECT_EQ(message("caf\xC3\xA9"), "invalid project name 'caf\xC3\xA9': name has the character '\xC3\xA9'");
  EXPECT_EQ(message("x\xFF"), "invalid project name 'x\\xFF': name has the character '\\xFF'");
  std::string m = message(std::string(10240, 'q'));
  EXPECT_EQ(m, "invalid project name '" + std::string(80, 'q') + "...' (10240 bytes): name is 10240 bytes long");
}

// A forged token's "alg" is any JSON value: refused with it quoted, never an
// exception (nlohmann's type_error made `token verify` exit 1).
TEST(Quote, ForgedJwtAlgorithmIsQuotedNotThrown) {
  auto forge = [](const std::string& header) {
    std::string signing = Base64UrlEncode(header) + "." + Base64UrlEncode(R"({"sub":"u"})");
    return signing + "." + Base64UrlEncode(HmacSha256("secret", signing));
  };
  auto r = keys::VerifyHs256(forge(R"({"alg":5,"typ":"JWT"})"), "secret", 0);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.reason, "unsupported algorithm '5' (only HS256)");
  r = keys::VerifyHs256(forge(R"({"alg":"none\nx"})"), "secret", 0);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.reason, "unsupported algorithm 'none\\nx' (only HS256)");
  r = keys::VerifyHs256(forge(R"({"typ":"JWT"})"), "secret", 0);
  EXPECT_EQ(r.reason, "unsupported algorithm '' (only HS256)");
}

}  // namespace
}  // namespace graft
