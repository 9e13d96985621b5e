// The convergence oracle's own tests (tests/support/convergence.h): with
// stand-ins for the planner and for the `graft diff` CLI, what the oracle
// checks must be able to fail, in RunCase (one direction) and in RunCasePair
// (a wrong plan fails its own direction only).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "os/files.h"
#include "support/convergence.h"
#include "support/pg_cluster.h"

namespace graft::testing {
namespace {

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
