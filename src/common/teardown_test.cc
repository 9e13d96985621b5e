#include "common/teardown.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace graft {
namespace {

// Counts the destructions of values that still own something.
struct Counted {
  static int freed;
  std::map<std::string, std::string> data;
  bool owns = true;
  Counted() = default;
  Counted(Counted&& o) noexcept : data(std::move(o.data)), owns(o.owns) { o.owns = false; }
  ~Counted() {
    if (owns) ++freed;
  }
};
int Counted::freed = 0;

TEST(Teardown, DiscardFreesNowUnlessTheFrontEndKeeps) {
  Counted::freed = 0;
  Counted a;
  a.data["k"] = std::string(100, 'x');
  Discard(std::move(a));
  EXPECT_TRUE(a.data.empty());  // moved from: the caller keeps nothing
  EXPECT_EQ(Counted::freed, 1);  // a library caller: freed at once

  KeepDiscardedUntilExit();  // what engine::StartProcess does
  Counted b;
  b.data["k"] = "v";
  Discard(std::move(b));
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_EQ(Counted::freed, 2);  // the sanitizer build frees everything
#else
  EXPECT_EQ(Counted::freed, 1);  // kept until the process ends
#endif
}

}  // namespace
}  // namespace graft
