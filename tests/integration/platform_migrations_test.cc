// graft migrations new|apply|list on a real instance.
#include "platform_test_util.h"

namespace graft::testing {

TEST(PlatformMigrations, NewApplyListAndChangedChecksum) {
  PlatformProject p;
  TempDir work;
  auto run = [&](std::vector<std::string> args) {
    if (args.at(1) != "new") return p.Run(args, {}, "", work.dir());
    // `migrations new` only writes a file: it takes no target.
    std::vector<std::string> argv = {GRAFT_BINARY, "--home", p.home().dir()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = os::Run({.argv = argv, .cwd = work.dir()});
    return Cmd{r.exit_code, r.signal, r.out, r.err};
  };

  auto n1 = run({"migrations", "new", "create_posts", "--json"});
  ASSERT_EQ(n1.code, 0) << n1.err;
  std::string f1 = work.dir() + "/" + n1.json()["file"].get<std::string>();
  ASSERT_TRUE(os::Exists(f1)) << f1;
  EXPECT_NE(f1.find("/migrations/"), std::string::npos);
  // A new file holds only comments: applying it is refused, not recorded.
  auto empty = run({"migrations", "apply"});
  EXPECT_EQ(empty.code, 3) << empty.err;
  EXPECT_NE(empty.err.find("is empty"), std::string::npos);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM system.migrations"), "0");
  os::WriteFileAtomic(f1, os::ReadFile(f1) +
                              "CREATE TABLE posts (id bigserial PRIMARY KEY, title text NOT NULL);\n"
                              "INSERT INTO posts (title) VALUES ('first');\n");
  auto n2 = run({"migrations", "new", "add_body", "--json"});
  ASSERT_EQ(n2.code, 0) << n2.err;
  std::string f2 = work.dir() + "/" + n2.json()["file"].get<std::string>();
  EXPECT_LT(f1, f2) << "versions order by creation";
  os::WriteFileAtomic(f2, "ALTER TABLE posts ADD COLUMN body text;\n");

  auto l = run({"migrations", "list", "--json"});
  ASSERT_EQ(l.code, 0) << l.err;
  ASSERT_EQ(l.json()["migrations"].size(), 2u);
  EXPECT_EQ(l.json()["migrations"][0]["status"], "pending");

  auto a = run({"migrations", "apply", "--json"});
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(a.json()["applied"].size(), 2u);
  EXPECT_EQ(a.json()["applied"][0]["name"], "create_posts");
  EXPECT_EQ(a.json()["applied"][0]["statements"], 2);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM posts"), "1");
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM system.migrations"), "2");
  EXPECT_EQ(p.Scalar("SELECT statements LIKE '%CREATE TABLE posts%' FROM system.migrations WHERE name = 'create_posts'"), "t");
  auto again = run({"migrations", "apply", "--json"});
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(again.json()["applied"].size(), 0u);

  // A failing migration is rolled back entirely and not recorded.
  auto n3 = run({"migrations", "new", "broken", "--json"});
  std::string f3 = work.dir() + "/" + n3.json()["file"].get<std::string>();
  os::WriteFileAtomic(f3, "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;\n");
  auto b = run({"migrations", "apply"});
  EXPECT_EQ(b.code, 9) << b.err;
  EXPECT_NE(b.err.find("no_such_table"), std::string::npos);
  EXPECT_EQ(p.Scalar("SELECT to_regclass('half') IS NULL"), "t");
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM system.migrations"), "2");
  // Transaction control inside a file is refused.
  os::WriteFileAtomic(f3, "COMMIT;\nCREATE TABLE t3 (id int);\n");
  EXPECT_NE(run({"migrations", "apply"}).code, 0);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM system.migrations"), "2");
  os::RemoveAll(f3);
  p.Ok({"sql", "-c", "DROP TABLE IF EXISTS t3"});

  // Editing an applied file is refused, before anything is applied.
  auto n4 = run({"migrations", "new", "later", "--json"});
  std::string f4 = work.dir() + "/" + n4.json()["file"].get<std::string>();
  os::WriteFileAtomic(f4, "CREATE TABLE later (id int);\n");
  os::WriteFileAtomic(f1, os::ReadFile(f1) + "-- edited\n");
  auto c = run({"migrations", "apply"});
  EXPECT_EQ(c.code, 6) << c.err;
  EXPECT_NE(c.err.find("changed after it was applied"), std::string::npos);
  EXPECT_EQ(p.Scalar("SELECT to_regclass('later') IS NULL"), "t");
  auto l2 = run({"migrations", "list", "--json"});
  EXPECT_EQ(l2.json()["migrations"][0]["status"], "changed");
  EXPECT_EQ(l2.json()["migrations"][2]["status"], "pending");

  // Applying one named file.
  auto one = run({"migrations", "apply", f4, "--json"});
  EXPECT_EQ(one.code, 6) << "the changed file still blocks: " << one.err;
  // Bad names and missing files.
  EXPECT_EQ(run({"migrations", "new", "Bad Name"}).code, 3);
  EXPECT_EQ(run({"migrations", "apply", work.dir() + "/migrations/123_missing.sql"}).code, 4);
  EXPECT_EQ(run({"migrations", "apply", work.dir() + "/notamigration.sql"}).code, 3);
}

}  // namespace graft::testing
