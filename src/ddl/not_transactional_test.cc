#include <gtest/gtest.h>

#include "ddl/planner.h"

namespace graft::ddl::internal {
namespace {

Statement St(const std::string& sql, std::vector<Hazard> hz = {}) {
  Statement s;
  s.sql = sql;
  s.hazards = std::move(hz);
  return s;
}

TEST(NotTransactional, AnAddedEnumValueUsedLaterInThePlanIsMarked) {
  std::vector<Statement> plan = {
      St("ALTER TYPE public.level ADD VALUE 'med''ium' BEFORE 'high';"),
      St("ALTER TYPE public.other ADD VALUE 'x';"),  // never used: stays transactional
      St("ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'med''ium'::public.level;", {Hazard::kDeletesData}),
  };
  MarkNotTransactional(plan);
  EXPECT_EQ(plan[0].hazards, std::vector<Hazard>{Hazard::kNotTransactional});
  EXPECT_TRUE(plan[1].hazards.empty());
  EXPECT_EQ(plan[2].hazards, std::vector<Hazard>{Hazard::kDeletesData});
}

TEST(NotTransactional, AUseBeforeTheAddOrOfAnotherTypeDoesNotCount) {
  std::vector<Statement> plan = {
      St("ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'x'::public.level;"),
      St("ALTER TYPE public.level ADD VALUE 'x';"),
      St("ALTER TABLE public.u ALTER COLUMN l SET DEFAULT 'x'::public.other;"),
  };
  MarkNotTransactional(plan);
  for (const auto& s : plan) EXPECT_TRUE(s.hazards.empty()) << s.sql;
}

TEST(NotTransactional, StatementsPostgresRefusesInATransactionBlockAreMarked) {
  std::vector<Statement> plan = {
      St("CREATE INDEX CONCURRENTLY i ON public.t (a);"),
      St("drop index concurrently public.i;"),
      St("REINDEX INDEX CONCURRENTLY public.i;"),
      St("ALTER TABLE public.p DETACH PARTITION public.p1 CONCURRENTLY;"),
      St("VACUUM public.t;"),
      St("ALTER SYSTEM SET work_mem = '8MB';"),
      St("CREATE INDEX i ON public.t (a);", {Hazard::kIndexBuild}),
      St("ALTER TABLE public.p DETACH PARTITION public.p1;"),
      St("REINDEX INDEX public.i;"),
  };
  MarkNotTransactional(plan);
  for (size_t i = 0; i < 6; ++i) EXPECT_TRUE(plan[i].Has(Hazard::kNotTransactional)) << plan[i].sql;
  for (size_t i = 6; i < plan.size(); ++i) EXPECT_FALSE(plan[i].Has(Hazard::kNotTransactional)) << plan[i].sql;
  // Hazards stay sorted by name.
  std::vector<Statement> two = {St("CREATE INDEX CONCURRENTLY i ON public.t (a);", {Hazard::kIndexBuild})};
  MarkNotTransactional(two);
  EXPECT_EQ(two[0].hazards, (std::vector<Hazard>{Hazard::kIndexBuild, Hazard::kNotTransactional}));
}

}  // namespace
}  // namespace graft::ddl::internal
