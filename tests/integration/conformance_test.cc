// Conformance: third-party schema-diff fixtures (../shared/conformance/*)
// and graft's own cases (tests/cases/diff/<kind>/<case>) must converge under
// graft diff; see tests/support/convergence.h for the oracle. Cases listed in
// tests/conformance_exclusions.txt are run as a probe and reported as skipped
// with their reason (and a note when the probe passes), never as passed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

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

void RunConvergence(const CaseSpec& spec) {
  const Exclusions& ex = TheExclusions();
  auto it = ex.reasons.find(spec.id);
  PgCluster& cluster = PgCluster::Shared();
  CaseOutcome outcome = RunCase(cluster, spec);
  if (it != ex.reasons.end()) {
    std::string note;
    if (outcome.Passed()) {
      note = " [NOTE: this excluded case passes now; remove it from tests/conformance_exclusions.txt]";
    } else if (outcome.loaded) {
      note = " [note: it loads on PostgreSQL 15]";
    }
    std::cout << "[ EXCLUDED ] " << spec.id << ": " << it->second << note << "\n";
    GTEST_SKIP() << "excluded: " << it->second << note;
  }
  EXPECT_TRUE(outcome.Passed()) << "case " << spec.id << " (" << spec.dir << ")\n" << outcome.Report();
}

class Conformance : public ::testing::TestWithParam<CaseSpec> {};
TEST_P(Conformance, Converges) { RunConvergence(GetParam()); }

std::string Name(const ::testing::TestParamInfo<CaseSpec>& info) { return TestNameFor(info.param.id, false); }

INSTANTIATE_TEST_SUITE_P(migra, Conformance, ::testing::ValuesIn(ListCaseDirs(kConformanceDir + "/migra", "migra")),
                         Name);
INSTANTIATE_TEST_SUITE_P(pgkit_migra, Conformance,
                         ::testing::ValuesIn(ListCaseDirs(kConformanceDir + "/pgkit-migra", "pgkit-migra")), Name);
INSTANTIATE_TEST_SUITE_P(apgdiff, Conformance,
                         ::testing::ValuesIn(ListCaseDirs(kConformanceDir + "/apgdiff", "apgdiff")), Name);

// graft's own cases: same oracle, plus expected.hazards and headers.
class DiffCase : public ::testing::TestWithParam<CaseSpec> {};
TEST_P(DiffCase, Converges) { RunConvergence(GetParam()); }

std::string NestedName(const ::testing::TestParamInfo<CaseSpec>& info) { return TestNameFor(info.param.id, true); }

INSTANTIATE_TEST_SUITE_P(cases, DiffCase, ::testing::ValuesIn(ListNestedCaseDirs(kOwnCasesDir, "cases")),
                         NestedName);

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
  for (const char* suite : {"migra", "pgkit-migra", "apgdiff"}) {
    for (const auto& c : ListCaseDirs(kConformanceDir + "/" + suite, suite)) ids.insert(c.id);
  }
  for (const auto& c : ListNestedCaseDirs(kOwnCasesDir, "cases")) ids.insert(c.id);
  for (const auto& [id, reason] : ex.reasons) {
    EXPECT_TRUE(ids.count(id)) << kExclusionsFile << ": '" << id << "' names no case";
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

}  // namespace
}  // namespace graft::testing
