#include "introspect/introspect.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

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

}  // namespace
}  // namespace graft::introspect
