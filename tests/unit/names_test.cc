#include <gtest/gtest.h>

#include "common/error.h"
#include "common/names.h"

namespace graft {

TEST(Names, AcceptsValid) {
  EXPECT_FALSE(CheckName("a"));
  EXPECT_FALSE(CheckName("my-app-2"));
  EXPECT_FALSE(CheckName("0abc"));
  EXPECT_FALSE(CheckName(std::string(63, 'x')));
}

TEST(Names, RefusesInvalid) {
  EXPECT_TRUE(CheckName(""));
  EXPECT_TRUE(CheckName(std::string(64, 'x')));
  EXPECT_TRUE(CheckName("-abc"));
  EXPECT_TRUE(CheckName("Abc"));
  EXPECT_TRUE(CheckName("a_b"));
  EXPECT_TRUE(CheckName("a b"));
  EXPECT_TRUE(CheckName("a.b"));
  EXPECT_EQ(*CheckName("aBc"), "name has an uppercase letter");
}

TEST(Names, ValidateThrowsUsageWithRule) {
  try {
    ValidateName("project", "Bad_Name");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("invalid project name 'Bad_Name'"), std::string::npos);
    EXPECT_EQ(e.hint(), kNameRule);
  }
}

}  // namespace graft
