// `-v`: long operations print each step with its duration as it completes
// (stderr), the same steps and timings the engine records.
#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "graft_home.h"
#include "store/records.h"

namespace graft::testing {
namespace {

struct Timed {
  std::string step;
  std::string secs;
};

// The "step NAME S.SS s" lines of `err`, in order.
std::vector<Timed> StepLines(const std::string& err) {
  static const std::regex line(R"(^step ([a-z0-9-]+) ([0-9]+\.[0-9]{2}) s$)");
  std::vector<Timed> out;
  std::istringstream in(err);
  std::string l;
  std::smatch m;
  while (std::getline(in, l)) {
    if (std::regex_match(l, m, line)) out.push_back({m[1], m[2]});
  }
  return out;
}

std::vector<std::string> Names(const std::vector<Timed>& v) {
  std::vector<std::string> out;
  for (const auto& t : v) out.push_back(t.step);
  return out;
}

std::string Secs(int64_t ms) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.2f", static_cast<double>(ms) / 1000.0);
  return buf;
}

TEST(ProjectVerbose, PrintsEachStepWithItsRecordedTiming) {
  GraftHome h;
  auto quiet = h.Run({"project", "create", "quiet"});
  ASSERT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_TRUE(StepLines(quiet.err).empty()) << quiet.err;

  auto loud = h.Run({"-v", "project", "create", "loud"});
  ASSERT_EQ(loud.code, 0) << loud.err;
  auto lines = StepLines(loud.err);
  EXPECT_EQ(Names(lines), (std::vector<std::string>{"copy-template", "start", "configure", "ready"})) << loud.err;

  // The flag also works after the command; a full branch's clone is timed.
  auto branch = h.Run({"branch", "create", "feature", "--project", "loud", "-v"});
  ASSERT_EQ(branch.code, 0) << branch.err;
  auto blines = StepLines(branch.err);
  EXPECT_EQ(Names(blines), (std::vector<std::string>{"clone", "snapshot", "start", "configure", "record-t0", "ready"}))
      << branch.err;

  // What was printed is what the engine recorded for those operations.
  store::Store s(h.dir() + "/graft.db");
  auto ops = store::RecentOperations(s, 3);
  ASSERT_EQ(ops.size(), 3u);
  const auto& create = ops[1];
  const auto& bcreate = ops[0];
  EXPECT_EQ(create.kind, "project-create");
  EXPECT_EQ(bcreate.kind, "branch-create");
  ASSERT_EQ(create.steps.size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_TRUE(create.steps[i].ms.has_value());
    EXPECT_EQ(Secs(*create.steps[i].ms), lines[i].secs) << create.steps[i].name;
  }
  ASSERT_EQ(bcreate.steps.size(), blines.size());
  for (size_t i = 0; i < blines.size(); ++i) {
    ASSERT_TRUE(bcreate.steps[i].ms.has_value());
    EXPECT_EQ(Secs(*bcreate.steps[i].ms), blines[i].secs) << bcreate.steps[i].name;
  }
}

}  // namespace
}  // namespace graft::testing
