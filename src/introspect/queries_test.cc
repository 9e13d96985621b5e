// introspect's catalog queries are embedded: every named query is there, not
// empty, and says in its header what its parameters are; no file under
// sql/introspect/ is left unused; an unknown query fails loudly.
#include "introspect/queries.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/error.h"
#include "embedded.h"

namespace graft::introspect {
namespace {

TEST(IntrospectQueries, EveryQueryIsEmbeddedAndNotEmpty) {
  ASSERT_EQ(QueryNames().size(), 27u);
  for (const auto& name : QueryNames()) {
    std::string sql = Query(name);
    EXPECT_EQ(sql.rfind("-- sql/introspect/" + name + ".sql:", 0), 0u) << name << " has no header naming it";
    EXPECT_NE(sql.find("\nSELECT "), std::string::npos) << name;
    EXPECT_EQ(sql.substr(sql.size() - 2), ";\n") << name << " does not end with one statement's ';'";
  }
}

TEST(IntrospectQueries, HeadersSayWhatTheParametersAre) {
  for (const auto& name : QueryNames()) {
    std::string sql = Query(name);
    std::string body = sql.substr(sql.find("\nSELECT "));
    bool uses_param = body.find("$1") != std::string::npos;
    if (uses_param) {
      EXPECT_NE(sql.find("-- Parameters: $1 = oid[] of the included namespaces"), std::string::npos) << name;
    } else {
      EXPECT_NE(sql.find("-- Parameters: none."), std::string::npos) << name;
    }
  }
}

TEST(IntrospectQueries, NoEmbeddedQueryIsUnused) {
  std::set<std::string> named(QueryNames().begin(), QueryNames().end());
  const std::string prefix = "sql/introspect/";
  int seen = 0;
  for (const auto& f : embedded::Files()) {
    std::string path(f.path);
    if (path.rfind(prefix, 0) != 0) continue;
    ++seen;
    ASSERT_GT(path.size(), prefix.size() + 4);
    EXPECT_EQ(path.substr(path.size() - 4), ".sql") << path;
    EXPECT_TRUE(named.count(path.substr(prefix.size(), path.size() - prefix.size() - 4))) << path << " is never run";
  }
  EXPECT_EQ(seen, static_cast<int>(named.size()));
}

TEST(IntrospectQueries, AnUnknownQueryFailsLoudly) {
  try {
    Query("no_such_family");
    FAIL() << "an absent query must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInternal);
    EXPECT_NE(std::string(e.what()).find("sql/introspect/no_such_family.sql"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace graft::introspect
