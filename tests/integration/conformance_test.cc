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

#include <nlohmann/json.hpp>

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

// The oracle with a stand-in for the planner and for the `graft diff` CLI
// (the second diffs read the result with graft's introspection in this
// process): a plan whose first statement carries the not_transactional
// hazard is applied in pieces (the added enum value cannot be used in the
// transaction that adds it), and an empty plan for schemas that differ is
// caught by the dump comparison and by the second diff.
class FakeGraft {
 public:
  // The stand-in planner returns `plan_sql` as text and `plan_json` as the
  // JSON plan; the stand-in `graft` prints `plan_sql` (the file plan.sql,
  // read at each call) and counts its calls in the file calls.
  FakeGraft(const std::string& plan_sql, const std::string& plan_json,
            const std::string& a_sql = "create type level as enum ('low', 'high');\n"
                                       "create table t (l level default 'low');\n",
            const std::string& b_sql = "create type level as enum ('low', 'medium', 'high');\n"
                                       "create table t (l level default 'medium');\n") {
    char tmpl[] = "/tmp/graft-fake-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    os::WriteFileAtomic(dir_ + "/plan.sql", plan_sql);
    os::WriteFileAtomic(dir_ + "/plan.json", plan_json);
    os::WriteFileAtomic(dir_ + "/a.sql", a_sql);
    os::WriteFileAtomic(dir_ + "/b.sql", b_sql);
    os::WriteFileAtomic(dir_ + "/graft",
                        "#!/bin/sh\n"
                        "d=" + dir_ + "\n"
                        "echo x >> $d/calls\n"
                        "exec cat $d/plan.sql\n",
                        0755);
    plan_sql_ = plan_sql;
    plan_json_ = nlohmann::json::parse(plan_json);
  }
  ~FakeGraft() { os::RemoveAll(dir_); }
  const std::string& dir() const { return dir_; }
  RunCaseOptions Options() const {
    RunCaseOptions o;
    o.graft_binary = dir_ + "/graft";
    o.planner = [sql = plan_sql_, js = plan_json_](const schema::Schema&, const schema::Schema&) {
      return engine::DiffResult{js, sql, {}};
    };
    return o;
  }
  // The same stand-ins for the pair runner's b to a direction (a to b real).
  RunCaseOptions ReverseOptions() const {
    RunCaseOptions forward = Options(), o;
    o.reverse_graft_binary = forward.graft_binary;
    o.reverse_planner = forward.planner;
    return o;
  }
  int Calls() const {
    std::string calls = std::filesystem::exists(dir_ + "/calls") ? os::ReadFile(dir_ + "/calls") : "";
    return static_cast<int>(std::count(calls.begin(), calls.end(), '\n'));
  }

 private:
  std::string dir_;
  std::string plan_sql_;
  nlohmann::json plan_json_;
};

TEST(ConvergenceOracle, SplitsAroundNonTransactionalStatements) {
  const std::string add = "ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';";
  const std::string set = "ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'medium'::public.level;";
  nlohmann::json plan = {{"statements",
                          {{{"sql", add}, {"object", "public.level"}, {"kind", "type"}, {"action", "alter"},
                            {"hazards", {"not_transactional"}}},
                           {{"sql", set}, {"object", "public.t.l"}, {"kind", "column"}, {"action", "alter"},
                            {"hazards", nlohmann::json::array()}}}},
                         {"summary", nlohmann::json::object()}};
  FakeGraft fake(add + "\n" + set + "\n", plan.dump());
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/split", fake.dir()}, fake.Options());
  EXPECT_TRUE(out.Passed()) << out.Report();
  ASSERT_EQ(out.applies.size(), 2u);
  EXPECT_NE(out.applies[0].mode.find("as printed"), std::string::npos) << out.applies[0].mode;
  EXPECT_NE(out.applies[1].mode.find("split"), std::string::npos) << out.applies[1].mode;
  EXPECT_EQ(out.plan_hazards, std::vector<std::string>{"not_transactional"});
  EXPECT_EQ(fake.Calls(), 1) << "one `graft diff` process per case";
}

// `graft diff` (the CLI) must print the engine's plan byte for byte: a CLI
// that prints one statement less fails the case before anything is applied.
TEST(ConvergenceOracle, CliPrintingAnotherPlanFails) {
  const std::string add = "ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';";
  const std::string set = "ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'medium'::public.level;";
  nlohmann::json plan = {{"statements", {{{"sql", add}, {"hazards", {"not_transactional"}}},
                                         {{"sql", set}, {"hazards", nlohmann::json::array()}}}}};
  FakeGraft fake(add + "\n" + set + "\n", plan.dump());
  os::WriteFileAtomic(fake.dir() + "/plan.sql", add + "\n");
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/cli", fake.dir()}, fake.Options());
  EXPECT_FALSE(out.diff_ok);
  EXPECT_FALSE(out.Passed());
  EXPECT_TRUE(out.applies.empty());
  EXPECT_NE(out.diff_error.find("graft diff printed another plan"), std::string::npos) << out.Report();
  EXPECT_NE(out.diff_error.find("SET DEFAULT"), std::string::npos) << out.Report();
}

TEST(ConvergenceOracle, SameSqlInOneTransactionFails) {
  const std::string add = "ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';";
  const std::string set = "ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'medium'::public.level;";
  nlohmann::json plan = {{"statements", {{{"sql", add}, {"hazards", nlohmann::json::array()}},
                                         {{"sql", set}, {"hazards", nlohmann::json::array()}}}}};
  FakeGraft fake(add + "\n" + set + "\n", plan.dump());
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/one_tx", fake.dir()}, fake.Options());
  EXPECT_FALSE(out.Passed());
  ASSERT_EQ(out.applies.size(), 2u);
  // As printed, each statement commits on its own: that works.
  EXPECT_TRUE(out.applies[0].Passed()) << out.Report();
  EXPECT_FALSE(out.applies[1].applied);
  EXPECT_NE(out.applies[1].apply_error.find("unsafe use of new value"), std::string::npos) << out.Report();
}

TEST(ConvergenceOracle, EmptyPlanForDifferentSchemasFails) {
  FakeGraft fake("", R"({"statements": [], "summary": {}})");
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/empty", fake.dir()}, fake.Options());
  ASSERT_EQ(out.applies.size(), 2u);
  EXPECT_TRUE(out.loaded && out.diff_ok) << out.Report();
  EXPECT_FALSE(out.Passed());
  for (const auto& a : out.applies) EXPECT_TRUE(a.applied && a.rediff_ok) << a.mode << "\n" << out.Report();
  // As printed, the dump comparison and the second diff catch it; in one
  // transaction, the second diff (graft's introspection in the transaction).
  EXPECT_NE(out.applies[0].dump_diff.find("'medium'"), std::string::npos) << out.Report();
  EXPECT_NE(out.applies[0].rediff.find("'medium'"), std::string::npos) << out.Report();
  EXPECT_NE(out.applies[1].rediff.find("'medium'"), std::string::npos) << out.Report();
}

// The one-transaction check runs on A itself and rolls back: the plan is
// applied, checked, and A is left as loaded for the as-printed apply, which
// then fails on a statement that only works once (the plan is applied twice
// to the same database only if the rollback did not happen).
TEST(ConvergenceOracle, OneTransactionCheckRollsBack) {
  const std::string create = "CREATE TABLE public.u (id integer);";
  nlohmann::json plan = {{"statements", {{{"sql", create}, {"hazards", nlohmann::json::array()}}}}};
  FakeGraft fake(create + "\n", plan.dump(), "create type level as enum ('low');\n",
                 "create type level as enum ('low');\n" + create + "\n");
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/rollback", fake.dir()}, fake.Options());
  EXPECT_TRUE(out.Passed()) << out.Report();
  ASSERT_EQ(out.applies.size(), 2u);
  EXPECT_NE(out.applies[1].mode.find("one transaction"), std::string::npos) << out.applies[1].mode;
}

// A plan that fails when run as printed (psql -f, outside a transaction)
// fails the case even though it works in one transaction: a function whose
// SQL body names a table the plan creates after it.
TEST(ConvergenceOracle, PlanThatOnlyWorksInATransactionFails) {
  const std::string set_local = "SET LOCAL check_function_bodies = false;";
  const std::string create_fn = "CREATE FUNCTION public.n() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.u $$;";
  const std::string create_t = "CREATE TABLE public.u (id integer);";
  nlohmann::json plan = {{"statements", {{{"sql", set_local}, {"hazards", nlohmann::json::array()}},
                                         {{"sql", create_fn}, {"hazards", nlohmann::json::array()}},
                                         {{"sql", create_t}, {"hazards", nlohmann::json::array()}}}}};
  FakeGraft fake(set_local + "\n" + create_fn + "\n" + create_t + "\n", plan.dump(),
                 "create type level as enum ('low');\n",
                 "create type level as enum ('low');\n" + create_t + "\n" + create_fn + "\n");
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/as_printed", fake.dir()}, fake.Options());
  EXPECT_FALSE(out.Passed());
  ASSERT_EQ(out.applies.size(), 2u);
  EXPECT_FALSE(out.applies[0].applied) << out.Report();
  EXPECT_NE(out.applies[0].apply_error.find("does not exist"), std::string::npos) << out.Report();
  EXPECT_TRUE(out.applies[1].Passed()) << out.Report();
}

// expected.hazards is checked both ways: a hazard the plan has and the file
// does not name fails the case, as does one the file names and the plan lacks.
TEST(ConvergenceOracle, HazardsAreCheckedBothWays) {
  const std::string add = "ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';";
  const std::string set = "ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'medium'::public.level;";
  nlohmann::json plan = {{"statements", {{{"sql", add}, {"hazards", {"not_transactional"}}},
                                         {{"sql", set}, {"hazards", {"deletes_data"}}}}}};
  FakeGraft fake(add + "\n" + set + "\n", plan.dump());
  os::WriteFileAtomic(fake.dir() + "/expected.hazards", "not_transactional\nacquires_lock\n");
  CaseOutcome out = RunCase(PgCluster::Shared(), {"oracle/hazards", fake.dir()}, fake.Options());
  EXPECT_TRUE(out.AllApplied()) << out.Report();
  EXPECT_FALSE(out.Passed());
  EXPECT_EQ(out.missing_hazards, std::vector<std::string>{"acquires_lock"});
  EXPECT_EQ(out.unexpected_hazards, std::vector<std::string>{"deletes_data"});
  // In the reverse direction the forward expectations do not apply.
  CaseSpec rev{"oracle/hazards", fake.dir(), true};
  EXPECT_EQ(rev.DirectedId(), "oracle/hazards@reverse");
}

// The pair runner: each direction is judged on its own plan. A wrong plan
// (empty, for schemas that differ) in one direction fails that direction
// only; the other, planned by graft, passes on the same databases.
TEST(ConvergenceOracle, PairFailsOnlyTheDirectionWithAWrongPlan) {
  {
    FakeGraft fake("", R"({"statements": [], "summary": {}})");
    CasePairOutcome pair = RunCasePair(PgCluster::Shared(), {"oracle/pair_fwd", fake.dir()}, fake.Options());
    EXPECT_FALSE(pair.forward.Passed());
    ASSERT_EQ(pair.forward.applies.size(), 2u) << pair.forward.Report();
    EXPECT_NE(pair.forward.applies[0].dump_diff.find("'medium'"), std::string::npos) << pair.forward.Report();
    EXPECT_NE(pair.forward.applies[1].rediff.find("'medium'"), std::string::npos) << pair.forward.Report();
    EXPECT_TRUE(pair.reverse.Passed()) << pair.reverse.Report();
    EXPECT_EQ(fake.Calls(), 1) << "the stand-in graft is a to b's only";
  }
  {
    // b to a with the stand-in, a to b graft's plan.
    FakeGraft fake("", R"({"statements": [], "summary": {}})");
    CasePairOutcome pair = RunCasePair(PgCluster::Shared(), {"oracle/pair_rev", fake.dir()}, fake.ReverseOptions());
    EXPECT_TRUE(pair.forward.Passed()) << pair.forward.Report();
    EXPECT_NE(pair.forward.plan.find("'medium'"), std::string::npos) << pair.forward.plan;
    EXPECT_FALSE(pair.reverse.Passed());
    ASSERT_EQ(pair.reverse.applies.size(), 2u) << pair.reverse.Report();
    // B still has the value A lacks: the dumps and both second diffs say so.
    EXPECT_NE(pair.reverse.applies[0].dump_diff.find("'medium'"), std::string::npos) << pair.reverse.Report();
    EXPECT_NE(pair.reverse.applies[0].rediff.find("CREATE TYPE public.level AS ENUM ('low', 'high')"),
              std::string::npos)
        << pair.reverse.Report();
    EXPECT_FALSE(pair.reverse.applies[1].rediff.empty()) << pair.reverse.Report();
    EXPECT_EQ(fake.Calls(), 1) << "the stand-in graft is b to a's only";
  }
}

// In a pair, a plan with a not_transactional statement is applied in pieces
// to a copy of its source made while the source is as loaded.
TEST(ConvergenceOracle, PairSplitsOnACopy) {
  const std::string add = "ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';";
  const std::string set = "ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'medium'::public.level;";
  nlohmann::json plan = {{"statements", {{{"sql", add}, {"hazards", {"not_transactional"}}},
                                         {{"sql", set}, {"hazards", nlohmann::json::array()}}}}};
  FakeGraft fake(add + "\n" + set + "\n", plan.dump());
  CasePairOutcome pair = RunCasePair(PgCluster::Shared(), {"oracle/pair_split", fake.dir()}, fake.Options());
  for (const CaseOutcome* out : {&pair.forward, &pair.reverse}) EXPECT_TRUE(out->Passed()) << out->Report();
  ASSERT_EQ(pair.forward.applies.size(), 2u);
  EXPECT_NE(pair.forward.applies[1].mode.find("split"), std::string::npos) << pair.forward.applies[1].mode;
}

// A `graft diff` that prints another plan than the engine's fails its own
// direction only, before anything is applied.
TEST(ConvergenceOracle, PairCliPrintingAnotherPlanFailsItsDirection) {
  const std::string add = "ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';";
  nlohmann::json plan = {{"statements", {{{"sql", add}, {"hazards", {"not_transactional"}}}}}};
  FakeGraft fake(add + "\n", plan.dump());
  os::WriteFileAtomic(fake.dir() + "/plan.sql", "");
  CasePairOutcome pair = RunCasePair(PgCluster::Shared(), {"oracle/pair_cli", fake.dir()}, fake.ReverseOptions());
  EXPECT_TRUE(pair.forward.Passed()) << pair.forward.Report();
  EXPECT_FALSE(pair.reverse.diff_ok);
  EXPECT_TRUE(pair.reverse.applies.empty());
  EXPECT_NE(pair.reverse.diff_error.find("graft diff printed another plan"), std::string::npos)
      << pair.reverse.Report();
}

// In a pair both trial runs (a to b on A, b to a on B) roll back before the
// as-printed applies: a to b creates a table, b to a (graft's plan) drops
// it, and each works only once on its database.
TEST(ConvergenceOracle, PairTrialRunsRollBack) {
  const std::string create = "CREATE TABLE public.u (id integer);";
  nlohmann::json plan = {{"statements", {{{"sql", create}, {"hazards", nlohmann::json::array()}}}}};
  FakeGraft fake(create + "\n", plan.dump(), "create type level as enum ('low');\n",
                 "create type level as enum ('low');\n" + create + "\n");
  CasePairOutcome pair = RunCasePair(PgCluster::Shared(), {"oracle/pair_rollback", fake.dir()}, fake.Options());
  for (const CaseOutcome* out : {&pair.forward, &pair.reverse}) {
    EXPECT_TRUE(out->Passed()) << out->Report();
    ASSERT_EQ(out->applies.size(), 2u);
    EXPECT_NE(out->applies[1].mode.find("one transaction"), std::string::npos) << out->applies[1].mode;
  }
  EXPECT_NE(pair.reverse.plan.find("DROP TABLE"), std::string::npos) << pair.reverse.plan;
}

// A case that does not load fails both directions with the loader's error.
TEST(ConvergenceOracle, PairThatDoesNotLoadFailsBothDirections) {
  FakeGraft fake("", R"({"statements": [], "summary": {}})", "create table t (id int);\n",
                 "create table t (id int references nowhere);\n");
  CasePairOutcome pair = RunCasePair(PgCluster::Shared(), {"oracle/pair_load", fake.dir()});
  for (const CaseOutcome* out : {&pair.forward, &pair.reverse}) {
    EXPECT_FALSE(out->loaded);
    EXPECT_FALSE(out->Passed());
    EXPECT_NE(out->load_error.find("nowhere"), std::string::npos) << out->Report();
  }
  EXPECT_EQ(fake.Calls(), 0);
}

}  // namespace
}  // namespace graft::testing
