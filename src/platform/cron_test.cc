#include "platform/cron.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace graft::platform {
namespace {

TEST(PlatformCron, AcceptsWhatPgCronAccepts) {
  for (const char* e : {"* * * * *", "*/5 * * * *", "0 3 * * *", "1,2-4,*/3 * * * *", "1-5/2 * * * *",
                        "0 0 * JAN-MAR MON-FRI", "0 0 1,15 * sun", "0 0 * * 7", "*/15 0-23/2 * * *",
                        "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "@reboot",
                        "  0   0 *  * *  ", "0 0 31 2 *", "59 23 31 12 6"}) {
    EXPECT_EQ(CheckCron(e), std::nullopt) << e;
  }
}

TEST(PlatformCron, RefusesWithTheReason) {
  struct Case {
    const char* expr;
    const char* reason_part;
  };
  for (const Case& c : std::vector<Case>{
           {"", "empty"},
           {"* * * *", "expected 5 fields"},
           {"* * * * * *", "expected 5 fields"},
           {"60 * * * *", "minute value 60 is out of range 0-59"},
           {"0 24 * * *", "hour value 24"},
           {"0 0 0 * *", "day of month value 0"},
           {"0 0 32 * *", "day of month value 32"},
           {"0 0 * 13 *", "month value 13"},
           {"0 0 * * 8", "day of week value 8"},
           {"*/0 * * * *", "step 0 is out of range"},
           {"5/10 * * * *", "a step needs * or a range"},
           {"5-1 * * * *", "runs backwards"},
           {"mon * * * *", "not a number in the minute field"},
           {"0 0 * foo *", "not a valid month"},
           {"1,,2 * * * *", "empty list item"},
           {"*/ * * * *", "step without a number"},
           {"@often", "unknown macro"},
           {"@daily 1", "nothing may follow"},
           {"30 seconds", "pg_cron 1.5"},
           {"a b c d e", "not a number"},
       }) {
    auto why = CheckCron(c.expr);
    ASSERT_TRUE(why.has_value()) << c.expr;
    EXPECT_NE(why->find(c.reason_part), std::string::npos) << c.expr << " -> " << *why;
  }
}

TEST(PlatformCron, ValidateThrowsUsageNamingTheExpression) {
  try {
    ValidateCron("61 * * * *");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("61 * * * *"), std::string::npos);
  }
}

}  // namespace
}  // namespace graft::platform
