#include "store/store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/error.h"
#include "os/files.h"

namespace graft::store {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/graft-store-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { os::RemoveAll(dir_); }
  std::string dir_;
};

TEST_F(StoreTest, MigratesToLatestAndHasDefaultOrg) {
  Store s(dir_ + "/graft.db");
  EXPECT_EQ(s.SchemaVersion(), Store::LatestSchemaVersion());
  auto r = s.Query("SELECT name FROM orgs");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.Str(0, "name"), "default");
  // Reopening does not migrate twice.
  Store again(dir_ + "/graft.db");
  EXPECT_EQ(again.Query("SELECT count(*) AS n FROM orgs").Int(0, "n"), 1);
}

TEST_F(StoreTest, WriteRollsBackOnThrow) {
  Store s(dir_ + "/graft.db");
  EXPECT_THROW(s.Write([&] {
    s.Exec("INSERT INTO orgs(name, created_at) VALUES ('acme', 'now')");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(s.Query("SELECT count(*) AS n FROM orgs WHERE name = 'acme'").Int(0, "n"), 0);
}

TEST_F(StoreTest, TwoConnectionsSeeEachOthersCommits) {
  Store a(dir_ + "/graft.db");
  Store b(dir_ + "/graft.db");
  a.Write([&] { a.Exec("INSERT INTO orgs(name, created_at) VALUES (?, ?)", {"one", "t"}); });
  EXPECT_EQ(b.Query("SELECT count(*) AS n FROM orgs WHERE name = ?", {"one"}).Int(0, "n"), 1);
  // A unique violation is reported as already-exists.
  try {
    b.Exec("INSERT INTO orgs(name, created_at) VALUES ('one', 't')");
    FAIL() << "expected a constraint error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kAlreadyExists);
  }
}

TEST_F(StoreTest, RefusesANewerSchema) {
  {
    Store s(dir_ + "/graft.db");
    s.Exec("PRAGMA user_version = 999");
  }
  try {
    Store s(dir_ + "/graft.db");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kEnvironment);
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
  }
}

}  // namespace graft::store
