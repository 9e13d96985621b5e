#include <gtest/gtest.h>
TEST(IntegrationPlaceholder, BinaryBuilt) { EXPECT_TRUE(true); }
