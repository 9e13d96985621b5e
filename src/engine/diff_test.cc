#include <gtest/gtest.h>

#include "engine/diff_header.h"

namespace graft::engine {
namespace {

ddl::Statement St(const std::string& sql, const std::string& object, std::vector<ddl::Hazard> hz = {}) {
  ddl::Statement s;
  s.sql = sql;
  s.action = "alter";
  s.kind = "type";
  s.object = object;
  s.hazards = std::move(hz);
  return s;
}

TEST(DiffHeader, AnEmptyPlanHasNone) {
  EXPECT_EQ(DiffRunHeader(ddl::Plan{}), "");
  EXPECT_TRUE(DiffRunAdvice(ddl::Plan{})["single_transaction"].get<bool>());
}

TEST(DiffHeader, AnOrdinaryPlanIsSafeInsideATransaction) {
  ddl::Plan p;
  p.statements = {St("A;", "public.a"), St("B;", "public.b")};
  std::string h = DiffRunHeader(p);
  EXPECT_EQ(h.rfind("/*\n * graft diff: 2 statements turning", 0), 0u) << h;
  EXPECT_NE(h.find("Safe inside BEGIN/COMMIT"), std::string::npos) << h;
  EXPECT_NE(h.find("--single-transaction"), std::string::npos) << h;
  EXPECT_EQ(h.substr(h.size() - 4), " */\n") << h;
  // Comments only, in one block: no statement title line ("-- ") and no
  // second comment end before the last line.
  EXPECT_EQ(h.find("\n-- "), std::string::npos) << h;
  EXPECT_EQ(h.find("*/"), h.size() - 3) << h;
  auto a = DiffRunAdvice(p);
  EXPECT_TRUE(a["single_transaction"].get<bool>());
  EXPECT_TRUE(a["not_transactional"].empty());
  EXPECT_NE(a["how"].get<std::string>().find("--single-transaction"), std::string::npos);
}

TEST(DiffHeader, ANotTransactionalStatementIsNamedAndTheFileMustRunOutsideATransaction) {
  ddl::Plan p;
  p.statements = {St("A;", "public.a"), St("ALTER TYPE x ADD VALUE 'v';", "public.\"e*/\"", {ddl::Hazard::kNotTransactional}),
                  St("C;", "public.c")};
  std::string h = DiffRunHeader(p);
  EXPECT_NE(h.find("Not safe inside one transaction"), std::string::npos) << h;
  EXPECT_NE(h.find("statement 2: alter type public.\"e* /\""), std::string::npos) << h;  // cannot end the comment
  EXPECT_EQ(h.find("--single-transaction"), std::string::npos) << h;
  EXPECT_EQ(h.find("*/"), h.size() - 3) << h;
  auto a = DiffRunAdvice(p);
  EXPECT_FALSE(a["single_transaction"].get<bool>());
  ASSERT_EQ(a["not_transactional"].size(), 1u);
  EXPECT_EQ(a["not_transactional"][0]["index"], 1);
  EXPECT_EQ(a["not_transactional"][0]["statement"], "alter type public.\"e*/\"");
}

}  // namespace
}  // namespace graft::engine
