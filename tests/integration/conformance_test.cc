// Conformance: third-party schema-diff fixtures (../shared/conformance/*)
// and graft's own cases (tests/cases/diff/<kind>/<case>) must converge under
// graft diff, in both directions (a to b, and b to a as "<case>__b_to_a");
// see tests/support/convergence.h for the oracle. Cases listed in
// tests/conformance_exclusions.txt are run as a probe and reported as skipped
// with their reason, never as passed; an excluded case whose probe passes
// fails, so that its line is removed. GRAFT_CASE_VERBOSE=1 prints every plan,
// also for cases that pass. ctest runs these tests in a few shards (see
// CMakeLists.txt), each sharing one cluster: GRAFT_CONFORMANCE_SHARD=i/N lists
// only shard i's cases, both directions of each (unset: every case). When a
// case's two tests both run in this process, the first of them runs both
// directions on one pair of databases (RunCasePair) and keeps the other's
// outcome for its test; a direction run alone runs alone (RunCase). Either
// way each test asserts its own direction's outcome.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "os/files.h"
#include "os/process.h"
#include "support/convergence.h"
#include "support/pg_cluster.h"

#ifndef GRAFT_SHARED_DIR
#error "GRAFT_SHARED_DIR must be defined"
#endif
#ifndef GRAFT_SOURCE_DIR
#error "GRAFT_SOURCE_DIR must be defined"
#endif

namespace graft::testing {
namespace {

const std::string kConformanceDir = GRAFT_SHARED_DIR "/conformance";
const std::string kOwnCasesDir = GRAFT_SOURCE_DIR "/tests/cases/diff";
const std::string kExclusionsFile = GRAFT_SOURCE_DIR "/tests/conformance_exclusions.txt";

const Exclusions& TheExclusions() {
  static const Exclusions ex = LoadExclusions(kExclusionsFile);
  return ex;
}

// Every case (one entry per case), each suite sorted.
std::vector<CaseSpec> AllCases() {
  std::vector<CaseSpec> all;
  for (const char* suite : {"migra", "pgkit-migra", "apgdiff"}) {
    auto cases = ListCaseDirs(kConformanceDir + "/" + suite, suite);
    all.insert(all.end(), cases.begin(), cases.end());
  }
  auto own = ListNestedCaseDirs(kOwnCasesDir, "cases");
  all.insert(all.end(), own.begin(), own.end());
  return all;
}

// The cases of `cases` that this process lists (GRAFT_CONFORMANCE_SHARD), in
// both directions: each forward one, then its reverse.
std::vector<CaseSpec> Listed(const std::vector<CaseSpec>& cases) {
  static const std::set<std::string> mine = [] {
    const char* v = getenv("GRAFT_CONFORMANCE_SHARD");
    ShardChoice choice = ParseShard(v ? v : "");
    std::vector<CaseSpec> all = AllCases();
    std::vector<int> shard = AssignShards(all, choice.count);
    std::set<std::string> ids;
    for (size_t i = 0; i < all.size(); ++i) {
      if (shard[i] == choice.index) ids.insert(all[i].id);
    }
    return ids;
  }();
  std::vector<CaseSpec> out;
  for (const auto& c : cases) {
    if (mine.count(c.id)) out.push_back(c);
  }
  return BothDirections(out);
}

// Outcomes the pair runner made for tests that have not run yet, by
// CaseSpec::DirectedId().
std::map<std::string, CaseOutcome>& PendingOutcomes() {
  static std::map<std::string, CaseOutcome> pending;
  return pending;
}

// The test of the other direction of the running test's case, if it is
// registered ("Converges/<case>" and "Converges/<case>__b_to_a").
const ::testing::TestInfo* OtherDirectionTest() {
  const auto* unit = ::testing::UnitTest::GetInstance();
  const ::testing::TestInfo* me = unit->current_test_info();
  const ::testing::TestSuite* suite = unit->current_test_suite();
  if (!me || !suite) return nullptr;
  static const std::string kReverse = "__b_to_a";
  std::string name = me->name();
  bool reverse =
      name.size() > kReverse.size() && name.compare(name.size() - kReverse.size(), kReverse.size(), kReverse) == 0;
  std::string other = reverse ? name.substr(0, name.size() - kReverse.size()) : name + kReverse;
  for (int i = 0; i < suite->total_test_count(); ++i) {
    const ::testing::TestInfo* t = suite->GetTestInfo(i);
    if (t && other == t->name()) return t;
  }
  return nullptr;
}

// `spec`'s outcome: made earlier by the other direction's test, or now for
// both directions when the other direction's test will run in this process
// too (its outcome kept for it), or for `spec` alone.
CaseOutcome OutcomeFor(const CaseSpec& spec) {
  auto& pending = PendingOutcomes();
  if (auto it = pending.find(spec.DirectedId()); it != pending.end()) {
    CaseOutcome out = std::move(it->second);
    pending.erase(it);
    return out;
  }
  PgCluster& cluster = PgCluster::Shared();
  const ::testing::TestInfo* other = OtherDirectionTest();
  if (!other || !other->should_run()) return RunCase(cluster, spec);
  CaseSpec forward = spec, reverse = spec;
  forward.reverse = false;
  reverse.reverse = true;
  CasePairOutcome pair = RunCasePair(cluster, forward);
  pending[spec.reverse ? forward.DirectedId() : reverse.DirectedId()] =
      std::move(spec.reverse ? pair.forward : pair.reverse);
  return std::move(spec.reverse ? pair.reverse : pair.forward);
}

void RunConvergence(const CaseSpec& spec) {
  const std::string* excluded = TheExclusions().Find(spec);
  CaseOutcome outcome = OutcomeFor(spec);
  if (excluded) {
    ASSERT_FALSE(outcome.Passed()) << spec.DirectedId()
                                   << " passes now: remove its line from tests/conformance_exclusions.txt ("
                                   << *excluded << ")";
    std::string note = outcome.loaded ? " [note: it loads on PostgreSQL 15]" : "";
    std::cout << "[ EXCLUDED ] " << spec.DirectedId() << ": " << *excluded << note << "\n";
    GTEST_SKIP() << "excluded: " << *excluded << note;
  }
  if (const char* v = getenv("GRAFT_CASE_VERBOSE"); v && *v && *v != '0') {
    std::cout << "case " << spec.DirectedId() << ":\n" << outcome.plan << "\n";
  }
  EXPECT_TRUE(outcome.Passed()) << "case " << spec.DirectedId() << " (" << spec.dir << ")\n" << outcome.Report();
}

class Conformance : public ::testing::TestWithParam<CaseSpec> {};
TEST_P(Conformance, Converges) { RunConvergence(GetParam()); }

std::string Name(const ::testing::TestParamInfo<CaseSpec>& info) {
  return TestNameFor(info.param.id, false) + (info.param.reverse ? "__b_to_a" : "");
}

INSTANTIATE_TEST_SUITE_P(migra, Conformance,
                         ::testing::ValuesIn(Listed(ListCaseDirs(kConformanceDir + "/migra", "migra"))), Name);
INSTANTIATE_TEST_SUITE_P(pgkit_migra, Conformance,
                         ::testing::ValuesIn(Listed(ListCaseDirs(kConformanceDir + "/pgkit-migra", "pgkit-migra"))),
                         Name);
INSTANTIATE_TEST_SUITE_P(apgdiff, Conformance,
                         ::testing::ValuesIn(Listed(ListCaseDirs(kConformanceDir + "/apgdiff", "apgdiff"))), Name);

// graft's own cases: same oracle, plus expected.hazards and headers.
class DiffCase : public ::testing::TestWithParam<CaseSpec> {};
TEST_P(DiffCase, Converges) { RunConvergence(GetParam()); }

std::string NestedName(const ::testing::TestParamInfo<CaseSpec>& info) {
  return TestNameFor(info.param.id, true) + (info.param.reverse ? "__b_to_a" : "");
}

INSTANTIATE_TEST_SUITE_P(cases, DiffCase, ::testing::ValuesIn(Listed(ListNestedCaseDirs(kOwnCasesDir, "cases"))),
                         NestedName);

// The shards: each case in exactly one, and none much costlier than another
// (ParseShard refuses what is not a shard).
TEST(ConformanceFiles, ShardsHoldEveryCaseOnce) {
  std::vector<CaseSpec> all = AllCases();
  for (int count : {1, 4, 7}) {
    std::vector<int> shard = AssignShards(all, count);
    ASSERT_EQ(shard.size(), all.size());
    std::vector<int> cases_in(static_cast<size_t>(count), 0);
    for (int s : shard) {
      ASSERT_TRUE(s >= 0 && s < count) << s;
      ++cases_in[static_cast<size_t>(s)];
    }
    auto [fewest, most] = std::minmax_element(cases_in.begin(), cases_in.end());
    EXPECT_GT(*fewest, 0) << count << " shards";
    EXPECT_LT(*most, 2 * *fewest + 2) << count << " shards: unbalanced";
    EXPECT_EQ(AssignShards(all, count), shard) << "not deterministic";
  }
  EXPECT_EQ(ParseShard("").count, 1);
  ShardChoice c = ParseShard("2/4");
  EXPECT_EQ(c.index, 2);
  EXPECT_EQ(c.count, 4);
  for (const char* bad : {"4/4", "1", "a/4", "1/0", "-1/4", "1/4/5", " 1/4"}) {
    EXPECT_THROW(ParseShard(bad), std::invalid_argument) << bad;
  }
}

// The fixtures are there, and the exclusion file is well formed: every entry
// names an existing case and gives a reason.
TEST(ConformanceFiles, SuitesArePresent) {
  EXPECT_EQ(ListCaseDirs(kConformanceDir + "/migra", "migra").size(), 26u);
  EXPECT_EQ(ListCaseDirs(kConformanceDir + "/pgkit-migra", "pgkit-migra").size(), 6u);
  EXPECT_EQ(ListCaseDirs(kConformanceDir + "/apgdiff", "apgdiff").size(), 124u);
  EXPECT_FALSE(ListNestedCaseDirs(kOwnCasesDir, "cases").empty());
}

TEST(ConformanceFiles, ExclusionsAreWellFormed) {
  const Exclusions& ex = TheExclusions();
  for (const auto& e : ex.errors) ADD_FAILURE() << e;
  std::set<std::string> ids;
  for (const auto& c : AllCases()) ids.insert(c.id);
  for (const auto& [id, reason] : ex.reasons) {
    std::string base = id.size() > 8 && id.compare(id.size() - 8, 8, "@reverse") == 0 ? id.substr(0, id.size() - 8) : id;
    EXPECT_TRUE(ids.count(base)) << kExclusionsFile << ": '" << id << "' names no case";
    EXPECT_GE(reason.size(), 10u) << id << ": give a real reason";
  }
}

// Every own case has a.sql and b.sql starting with "-- name:" and
// "-- description:" lines.
TEST(ConformanceFiles, OwnCasesHaveHeaders) {
  for (const auto& c : ListNestedCaseDirs(kOwnCasesDir, "cases")) {
    for (const char* f : {"a.sql", "b.sql"}) {
      std::ifstream in(c.dir + "/" + f);
      ASSERT_TRUE(in) << c.dir << "/" << f << " is missing";
      std::string l1, l2;
      std::getline(in, l1);
      std::getline(in, l2);
      EXPECT_EQ(l1.rfind("-- name:", 0), 0u) << c.dir << "/" << f << " must start with '-- name:'";
      EXPECT_EQ(l2.rfind("-- description:", 0), 0u) << c.dir << "/" << f << " line 2 must be '-- description:'";
    }
  }
}

// The harness itself: what the oracle relies on must be able to fail.
TEST(PgClusterHarness, DumpComparisonSeesColumnOrder) {
  PgCluster& c = PgCluster::Shared();
  c.DropDatabase("harness_x");
  c.DropDatabase("harness_y");
  c.CreateDatabase("harness_x");
  c.CreateDatabase("harness_y");
  EXPECT_EQ(c.Exec("harness_x", "SELECT current_database()").Str(0, "current_database"), "harness_x");
  ASSERT_TRUE(c.RunSql("harness_x", "create table t (a int, b text);").ok());
  ASSERT_TRUE(c.RunSql("harness_y", "create table t (b text, a int);").ok());
  std::string x = c.DumpSchema("harness_x"), y = c.DumpSchema("harness_y");
  EXPECT_NE(x.find("CREATE TABLE public.t"), std::string::npos) << x;
  EXPECT_NE(x, y);
  EXPECT_NE(LineDiff(x, y), "");
  // A failing script is reported, and --single-transaction rolls it back.
  os::RunResult bad = c.RunSql("harness_x", "create table u (id int);\nselect no_such_function();", true);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.err.find("no_such_function"), std::string::npos) << bad.err;
  EXPECT_TRUE(c.Exec("harness_x", "SELECT to_regclass('u') IS NULL AS gone").Str(0, "gone") == "t");
  c.DropDatabase("harness_x");
  c.DropDatabase("harness_y");
  EXPECT_TRUE(c.Exec("postgres", "SELECT count(*) AS n FROM pg_database WHERE datname LIKE 'harness_%'").Str(0, "n") ==
              "0");
}

TEST(PgClusterHarness, NormalizeDumpDropsNoise) {
  std::string dump =
      "--\n-- PostgreSQL database dump\n--\n\\restrict abc\nSET statement_timeout = 0;\n"
      "SELECT pg_catalog.set_config('search_path', '', false);\n\nCREATE TABLE public.t (\n    a integer\n);\n"
      "   \n\\unrestrict abc\n";
  EXPECT_EQ(NormalizeDump(dump), "CREATE TABLE public.t (\n    a integer\n);\n");
  // Privileges granted in another order are the same: a run of GRANT /
  // REVOKE lines is sorted, and only within the run.
  EXPECT_EQ(NormalizeDump("CREATE TABLE t ();\nGRANT SELECT ON TABLE t TO b;\nGRANT SELECT ON TABLE t TO a;\n"
                          "CREATE TABLE u ();\nGRANT SELECT ON TABLE u TO a;\n"),
            "CREATE TABLE t ();\nGRANT SELECT ON TABLE t TO a;\nGRANT SELECT ON TABLE t TO b;\n"
            "CREATE TABLE u ();\nGRANT SELECT ON TABLE u TO a;\n");
  EXPECT_NE(NormalizeDump("GRANT SELECT ON TABLE t TO a;\n"), NormalizeDump("GRANT SELECT ON TABLE t TO b;\n"));
  EXPECT_EQ(LineDiff("a\nb\n", "a\nb\n"), "");
  EXPECT_NE(LineDiff("a\nb\nc\n", "a\nc\n").find("- b"), std::string::npos);
}

TEST(PgClusterHarness, StopRemovesEverything) {
  auto c = PgCluster::Start();
  std::string dir = c->dir();
  std::string pid_line = os::ReadFile(dir + "/data/postmaster.pid");
  pid_t pid = static_cast<pid_t>(std::stol(pid_line));
  ASSERT_TRUE(os::ProcessAlive(pid));
  c->CreateDatabase("x");
  c.reset();
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_FALSE(os::ProcessAlive(pid));
}

// A test process that dies without cleaning up (SIGKILL) leaves no server
// and no directory behind: the reaper takes care of both.
TEST(PgClusterHarness, ReaperCleansUpAfterAKilledProcess) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto c = PgCluster::Start();
    std::string msg = c->dir() + "\n" + os::ReadFile(c->dir() + "/data/postmaster.pid");
    (void)!write(fds[1], msg.data(), msg.size());
    close(fds[1]);
    kill(getpid(), SIGKILL);
  }
  close(fds[1]);
  std::string msg;
  char buf[512];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) msg.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  size_t nl = msg.find('\n');
  ASSERT_NE(nl, std::string::npos) << "child did not report its cluster: " << msg;
  std::string dir = msg.substr(0, nl);
  pid_t pid = static_cast<pid_t>(std::stol(msg.substr(nl + 1)));
  ASSERT_GT(pid, 0);
  // The reaper is not our child: poll (bounded) for the result.
  bool clean = false;
  for (int i = 0; i < 600 && !clean; ++i) {
    clean = !std::filesystem::exists(dir) && !os::ProcessAlive(pid);
    if (!clean) {
      struct timespec ts = {0, 50 * 1000000L};
      nanosleep(&ts, nullptr);
    }
  }
  EXPECT_TRUE(clean) << dir << " or postmaster " << pid << " still there 30 s after the owner died";
}

}  // namespace
}  // namespace graft::testing
