#include "common/text.h"

#include <gtest/gtest.h>

namespace graft {

TEST(Text, FindsInvalidUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_EQ(FirstInvalidUtf8("h\xE9llo"), 1u);           // Latin-1 byte
  EXPECT_EQ(FirstInvalidUtf8("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);        // surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);    // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ok\xE2\x82"), 2u);          // cut short
  EXPECT_EQ(FirstInvalidUtf8("\xFF"), 0u);
}

TEST(Text, ValidUtf8ReplacesOnlyBadBytes) {
  EXPECT_EQ(ValidUtf8("h\xE9llo"), "h\xEF\xBF\xBDllo");
  EXPECT_EQ(ValidUtf8("\xC3\xA9\xFF"), "\xC3\xA9\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("fine"), "fine");
}

TEST(Text, PrintableIsOneLineAndKeepsCharactersWhole) {
  EXPECT_EQ(Printable("a\nb\tc\r\x1B[2J\x7F"), "a\\nb\\tc\\r\\x1B[2J\\x7F");
  EXPECT_EQ(Printable("back\\slash"), "back\\\\slash");
  EXPECT_EQ(Printable("h\xE9llo"), "h\\xE9llo");
  EXPECT_EQ(Printable("\xC2\x85"), "\\xC2\\x85");  // C1 NEL
  EXPECT_EQ(Printable("caf\xC3\xA9"), "caf\xC3\xA9");
  // Cut at a character boundary: a 2-byte character is never split.
  std::string longer;
  for (int i = 0; i < 100; ++i) longer += "\xC3\xA9";
  std::string cut = Printable(longer, 11);
  EXPECT_EQ(cut, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9... (200 bytes)");
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(Quoted("it's\n"), "'it\\'s\\n'");
}

TEST(Text, RedactsUrlPasswords) {
  EXPECT_EQ(RedactPasswords("cannot connect to postgresql://postgres:s3cr3t@127.0.0.1:5432/postgres: refused"),
            "cannot connect to postgresql://postgres:****@127.0.0.1:5432/postgres: refused");
  EXPECT_EQ(RedactPasswords("'postgres://u:p@h/db' and postgresql://u@h/db"), "'postgres://u:****@h/db' and postgresql://u@h/db");
  EXPECT_EQ(RedactPasswords("no url: a@b"), "no url: a@b");
}

}  // namespace graft
