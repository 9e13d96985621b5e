#include "engine/states.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace graft::engine {

TEST(States, ResetAndDeleteFromRestingStatesOnly) {
  for (const char* op : {"reset", "delete"}) {
    EXPECT_TRUE(CanStart(op, "ready")) << op;
    EXPECT_TRUE(CanStart(op, "merged")) << op;  // reset reopens a merged branch
    for (const char* busy : {"creating", "merging", "resetting", "deleting"}) {
      EXPECT_FALSE(CanStart(op, busy)) << op << " from " << busy;
    }
  }
}

TEST(States, MergeNeedsReady) {
  EXPECT_TRUE(CanStart("merge", "ready"));
  EXPECT_TRUE(CanStart("merge", "merged"));  // merge again after more work
  EXPECT_FALSE(CanStart("merge", "merging"));
  EXPECT_THROW(CanStart("branch-from", "ready"), Error);
}

TEST(States, BusyStates) {
  EXPECT_TRUE(IsBusy("creating"));
  EXPECT_TRUE(IsBusy("resetting"));
  EXPECT_FALSE(IsBusy("ready"));
  EXPECT_FALSE(IsBusy("merged"));
  EXPECT_EQ(BusyState("reset"), "resetting");
  EXPECT_EQ(BusyState("delete"), "deleting");
  EXPECT_THROW(BusyState("dance"), Error);
  EXPECT_THROW(CanStart("dance", "ready"), Error);
}

}  // namespace graft::engine
