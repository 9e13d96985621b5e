#include "introspect/introspect.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace graft::introspect
