#include "introspect/introspect.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "introspect/queries.h"
#include "common/error.h"
#include "introspect/kinds.h"
#include "introspect/reader.h"

namespace graft::introspect {
namespace {

TEST(SchemaIncluded, SystemSchemasAreAlwaysLeftOut) {
  Options all;
  EXPECT_TRUE(SchemaIncluded("public", all));
  EXPECT_TRUE(SchemaIncluded("auth", all));
  EXPECT_FALSE(SchemaIncluded("pg_catalog", all));
  EXPECT_FALSE(SchemaIncluded("information_schema", all));
  EXPECT_FALSE(SchemaIncluded("pg_toast", all));
  EXPECT_FALSE(SchemaIncluded("pg_toast_temp_1", all));
  EXPECT_FALSE(SchemaIncluded("pg_temp_3", all));
  Options only;
  only.include_schemas = {"pg_catalog", "app"};
  EXPECT_FALSE(SchemaIncluded("pg_catalog", only));
}

TEST(SchemaIncluded, IncludeAndExcludeNarrow) {
  Options o;
  o.include_schemas = {"app", "auth"};
  o.exclude_schemas = {"auth"};
  EXPECT_TRUE(SchemaIncluded("app", o));
  EXPECT_FALSE(SchemaIncluded("auth", o));
  EXPECT_FALSE(SchemaIncluded("public", o));
  Options ex;
  ex.exclude_schemas = {"public"};
  EXPECT_FALSE(SchemaIncluded("public", ex));
  EXPECT_TRUE(SchemaIncluded("other", ex));
}

// Every catalog query has exactly one loader, except catalog_classes which
// checks the fixed catalog oids before the loaders run.
TEST(Loaders, OnePerQuery) {
  std::set<std::string> loaded;
  for (const auto& l : internal::Loaders()) {
    EXPECT_TRUE(loaded.insert(l.query).second) << l.query << " has two loaders";
    EXPECT_NE(l.read, nullptr) << l.query;
  }
  loaded.insert("catalog_classes");
  for (const char* q : internal::kDatabaseKindQueries) loaded.insert(q);  // read by ReadDatabaseKinds
  std::set<std::string> named(QueryNames().begin(), QueryNames().end());
  EXPECT_EQ(loaded, named);
}

TEST(Loaders, OidsAndNumbersAreCheckedNotGuessed) {
  EXPECT_EQ(internal::Oid("1259"), 1259u);
  EXPECT_EQ(internal::Oid("4294967295"), 4294967295u);
  EXPECT_EQ(internal::Int("-1"), -1);
  EXPECT_THROW(internal::Oid(""), Error);
  EXPECT_THROW(internal::Oid("12x"), Error);
  EXPECT_THROW(internal::Int("1.5"), Error);
}

// The address table keeps every address through its growth, tells an absent
// one from a present one (also next to it: same oid, other catalog or subid),
// and Slot() of a present address returns the same slot, not a new one.
TEST(AddrMap, FindsEveryAddressThroughGrowth) {
  internal::AddrMap m;
  EXPECT_EQ(m.Find(internal::Addr{1259, 16384, 0}), nullptr);  // empty
  std::vector<schema::Schema::Entry> entries;
  entries.reserve(3);
  for (const char* k : {"a", "b", "c"}) entries.emplace_back(k, schema::Object{});
  const uint32_t kCatalogs[] = {1259, 2606, 1247};
  for (uint32_t oid = 16384; oid < 16384 + 20000; ++oid) {
    for (int32_t sub = 0; sub < 3; ++sub) {
      internal::AddrSlot& s = m.Slot(internal::Addr{kCatalogs[oid % 3], oid, sub});
      EXPECT_EQ(s.target, nullptr);
      s.target = &entries[static_cast<size_t>(sub)];
      if (sub == 0) s.comment = &entries[2];
    }
  }
  for (uint32_t oid = 16384; oid < 16384 + 20000; ++oid) {
    for (int32_t sub = 0; sub < 3; ++sub) {
      const internal::AddrSlot* s = m.Find(internal::Addr{kCatalogs[oid % 3], oid, sub});
      ASSERT_NE(s, nullptr) << oid << ":" << sub;
      EXPECT_EQ(s->target, &entries[static_cast<size_t>(sub)]);
      EXPECT_EQ(s->comment, sub == 0 ? &entries[2] : nullptr);
    }
    EXPECT_EQ(m.Find(internal::Addr{kCatalogs[(oid + 1) % 3], oid, 0}), nullptr);
    EXPECT_EQ(m.Find(internal::Addr{kCatalogs[oid % 3], oid, 3}), nullptr);
  }
  internal::AddrSlot& again = m.Slot(internal::Addr{1259, 16385, 1});  // 16385 % 3 == 2: catalog 1247
  EXPECT_EQ(again.target, nullptr);
  internal::AddrSlot& present = m.Slot(internal::Addr{kCatalogs[16385 % 3], 16385, 1});
  EXPECT_EQ(present.target, &entries[1]);
  EXPECT_THROW(m.Slot(internal::Addr{0, 1, 0}), Error);  // 0 marks a free slot: never an address
}

}  // namespace
}  // namespace graft::introspect
