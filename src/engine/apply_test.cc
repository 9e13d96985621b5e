#include "engine/apply.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/text.h"

namespace graft::engine {
namespace {

ddl::Statement St(const std::string& sql, bool not_transactional = false) {
  ddl::Statement s;
  s.sql = sql;
  s.action = "alter";
  s.kind = "type";
  s.object = "public.e";
  if (not_transactional) s.hazards.push_back(ddl::Hazard::kNotTransactional);
  return s;
}

TEST(ApplyPieces, AnOrdinaryPlanIsOneTransaction) {
  ddl::Plan plan;
  plan.statements = {St("A;"), St("B;"), St("C;")};
  for (auto policy : {NonTransactionalPolicy::kRefuse, NonTransactionalPolicy::kSplit}) {
    ApplyResult r = PlanPieces(plan, policy);
    EXPECT_FALSE(r.split);
    ASSERT_EQ(r.pieces.size(), 1u);
    EXPECT_EQ(r.pieces[0].first, 0u);
    EXPECT_EQ(r.pieces[0].count, 3u);
    EXPECT_TRUE(r.pieces[0].in_transaction);
    EXPECT_EQ(r.mode, "one transaction");
  }
  EXPECT_EQ(PlanPieces(ddl::Plan{}, NonTransactionalPolicy::kRefuse).pieces.size(), 1u);
}

TEST(ApplyPieces, ANotTransactionalStatementIsRefusedByNameBeforeAnythingRuns) {
  ddl::Plan plan;
  plan.statements = {St("A;"), St("ALTER TYPE public.e ADD VALUE 'x';", true), St("C;")};
  try {
    PlanPieces(plan, NonTransactionalPolicy::kRefuse);
    FAIL() << "not refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    std::string m = e.what();
    EXPECT_NE(m.find("alter type public.e (ALTER TYPE public.e ADD VALUE 'x';)"), std::string::npos) << m;
    EXPECT_NE(m.find("nothing was applied"), std::string::npos) << m;
  }
}

// A long multi-line statement is quoted on one line and cut at a character
// boundary: the message stays one valid UTF-8 line.
TEST(ApplyPieces, ARefusedStatementIsQuotedOnOneValidLine) {
  std::string body;
  for (int i = 0; i < 150; ++i) body += "\u00e9";  // 2 bytes each: a cut at byte 200 falls inside one
  ddl::Plan plan;
  plan.statements = {St("ALTER TYPE public.e\n  ADD VALUE '" + body + "';", true)};
  try {
    PlanPieces(plan, NonTransactionalPolicy::kRefuse);
    FAIL() << "not refused";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_TRUE(IsValidUtf8(m)) << m;
    EXPECT_NE(m.find("ALTER TYPE public.e\\n  ADD VALUE"), std::string::npos) << m;
    EXPECT_NE(m.find("bytes)"), std::string::npos) << m;
  }
}

TEST(ApplyPieces, SplitRunsTheStatementAloneBetweenTwoTransactions) {
  ddl::Plan plan;
  plan.statements = {St("A;"), St("B;"), St("N1;", true), St("C;"), St("N2;", true)};
  ApplyResult r = PlanPieces(plan, NonTransactionalPolicy::kSplit);
  EXPECT_TRUE(r.split);
  ASSERT_EQ(r.pieces.size(), 4u);
  auto is = [](const ApplyResult::Piece& p, size_t first, size_t count, bool tx) {
    return p.first == first && p.count == count && p.in_transaction == tx;
  };
  EXPECT_TRUE(is(r.pieces[0], 0, 2, true));
  EXPECT_TRUE(is(r.pieces[1], 2, 1, false));
  EXPECT_TRUE(is(r.pieces[2], 3, 1, true));
  EXPECT_TRUE(is(r.pieces[3], 4, 1, false));
  EXPECT_NE(r.mode.find("split into 4 pieces around: alter type public.e (N1;); alter type public.e (N2;)"),
            std::string::npos)
      << r.mode;
  EXPECT_EQ(NonTransactionalStatements(plan), (std::vector<size_t>{2, 4}));
}

TEST(ApplyPieces, DescribeNamesActionKindAndObject) {
  EXPECT_EQ(Describe(St("A;")), "alter type public.e");
  EXPECT_EQ(Describe(ddl::Statement{}), "statement");
}

}  // namespace
}  // namespace graft::engine
