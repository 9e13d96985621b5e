// The kill tests' lists (kill_points.h) are the steps graft really records.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "graft_home.h"
#include "kill_points.h"
#include "store/store.h"

namespace graft::testing {
namespace {

TEST(KillPoints, AreTheStepsOperationsRecord) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"branch", "create", "full", "--project", "app", "--no-switch"});
  h.Ok({"branch", "create", "so", "--project", "app", "--mode", "schema-only", "--no-switch"});
  h.Ok({"branch", "reset", "full", "--project", "app", "-y"});
  h.Ok({"branch", "delete", "so", "--project", "app", "-y"});

  store::Store st(h.dir() + "/graft.db");
  auto ops = st.Query("SELECT id, kind, state FROM operations ORDER BY id");
  std::vector<std::string> kinds;
  std::vector<std::vector<std::string>> steps;
  for (size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(ops.Str(i, "state"), "done") << ops.Str(i, "kind");
    kinds.push_back(ops.Str(i, "kind"));
    auto rows = st.Query("SELECT name FROM steps WHERE op_id = ? ORDER BY seq", {ops.Str(i, "id")});
    steps.emplace_back();
    for (size_t r = 0; r < rows.size(); ++r) steps.back().push_back(rows.Str(r, "name"));
  }
  ASSERT_EQ(kinds, (std::vector<std::string>{"project-create", "branch-create", "branch-create", "branch-reset",
                                             "branch-delete"}));
  EXPECT_EQ(steps[0], ProjectCreateSteps()) << "update kill_points.h: project create records other steps";
  EXPECT_EQ(steps[1], BranchCreateFullSteps()) << "update kill_points.h: a full branch create records other steps";
  EXPECT_EQ(steps[2], BranchCreateSchemaOnlySteps())
      << "update kill_points.h: a schema-only branch create records other steps";
  EXPECT_EQ(steps[3], BranchResetSteps()) << "update kill_points.h: branch reset records other steps";
  EXPECT_TRUE(steps[4].empty()) << "branch delete records steps now: give them kill points";
}

}  // namespace
}  // namespace graft::testing
