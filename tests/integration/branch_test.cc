// Integration tests of the branch lifecycle on real instances.
#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "graft_home.h"
#include "kill_points.h"

namespace graft::testing {

namespace {

// A project with a user table, a sequence, platform config and data rows.
void Seed(GraftHome& h, const std::string& project) {
  h.Ok({"project", "create", project});
  h.Ok({"sql", "--project", project, "-c",
        "CREATE TABLE orders(id bigserial PRIMARY KEY, item text NOT NULL, qty int DEFAULT 1);"
        "INSERT INTO orders(item) SELECT 'item-' || g FROM generate_series(1, 500) g;"
        "CREATE INDEX orders_item ON orders(item);"
        "CREATE VIEW big_orders AS SELECT * FROM orders WHERE qty > 1;"});
  // Platform rows: graft_admin's (URLs and `graft sql` only read them).
  h.Admin({"--project", project})
      .ExecAll("INSERT INTO auth.providers(name, client_id, client_secret, scopes) VALUES ('github', 'cid', 'shh', '{email}');"
               "INSERT INTO auth.users(email) VALUES ('a@example.com'), ('b@example.com');");
}

std::string Count(GraftHome& h, const std::string& table, std::vector<std::string> target) {
  return h.Scalar("SELECT count(*) FROM " + table, std::move(target));
}

std::string SchemaDump(const std::string& url) {
  auto r = os::Run({.argv = {"pg_dump", "--schema-only", "--no-owner", "-d", url}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out, line;
  std::istringstream in(r.out);
  while (std::getline(in, line)) {
    if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 || line.rfind("\\restrict", 0) == 0 ||
        line.rfind("\\unrestrict", 0) == 0 || line.find("set_config") != std::string::npos) continue;
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST(Branch, FullModeIsAConsistentIsolatedCopyWithItsOwnKeys) {
  GraftHome h;
  Seed(h, "app");
  h.Ok({"link", "app"});
  auto b = h.Json({"branch", "create", "feature"});
  EXPECT_EQ(b["state"], "ready");
  EXPECT_EQ(b["mode"], "full");
  EXPECT_TRUE(b["clone_method"] == "copy" || b["clone_method"] == "reflink") << b;
  EXPECT_NE(b["port"], h.Json({"project", "info", "app"})["port"]);

  // The context switched: plain commands act on the branch.
  EXPECT_EQ(Count(h, "orders", {}), "500");
  EXPECT_EQ(Count(h, "auth.users", {}), "2");
  EXPECT_EQ(h.Scalar("SELECT client_id FROM auth.providers WHERE name = 'github'"), "cid");
  EXPECT_EQ(SchemaDump(b["url"]), SchemaDump(h.Json({"url", "--project", "app"})["url"]));

  // Isolation both ways.
  h.Ok({"sql", "-c", "INSERT INTO orders(item) VALUES ('branch-only'); ALTER TABLE orders ADD COLUMN note text"});
  h.Ok({"sql", "--project", "app", "--branch", "", "-c", "DELETE FROM orders WHERE id <= 100"});
  EXPECT_EQ(Count(h, "orders", {"--project", "app"}), "400");
  EXPECT_EQ(Count(h, "orders", {"--branch", "feature"}), "501");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'", {"--project", "app"}), "3");

  // Keys: the parent's JWT secret, its own API and anon keys.
  auto pk = h.Json({"project", "keys", "app"});
  auto bk = h.Json({"project", "keys", "app", "--branch", "feature"});
  EXPECT_EQ(pk["jwt_secret"], bk["jwt_secret"]);
  EXPECT_NE(pk["api_key"], bk["api_key"]);
  EXPECT_NE(pk["anon_key"], bk["anon_key"]);
  std::string tok = h.Json({"token", "mint", "--project", "app", "--sub", "alice"})["token"];
  EXPECT_EQ(h.Json({"token", "verify", "--project", "app", "--branch", "feature", tok})["claims"]["sub"], "alice");

  // A sibling has yet another API key; the branch URL works with psql.
  h.Json({"branch", "create", "sibling", "--project", "app", "--no-switch"});
  auto sk = h.Json({"project", "keys", "app", "--branch", "sibling"});
  EXPECT_NE(sk["api_key"], bk["api_key"]);
  auto psql = os::Run({.argv = {"psql", b["url"].get<std::string>(), "-Atc", "SELECT count(*) FROM orders"}});
  EXPECT_EQ(Trim(psql.out), "501") << psql.err;

  // list marks the current branch; switch moves the context.
  auto list = h.Json({"branch", "list"});
  ASSERT_EQ(list["branches"].size(), 2u);
  for (const auto& x : list["branches"]) EXPECT_EQ(x["current"], x["name"] == "feature");
  h.Ok({"branch", "switch", "sibling"});
  EXPECT_EQ(Count(h, "orders", {}), "400");  // branched after the parent's delete
  h.Ok({"sql", "-c", "DELETE FROM orders WHERE id <= 150"});
  h.Ok({"branch", "switch", "--parent"});
  EXPECT_EQ(Count(h, "orders", {}), "400");
  EXPECT_EQ(Count(h, "orders", {"--branch", "sibling"}), "350");
  EXPECT_EQ(h.Run({"branch", "switch", "nope"}).code, 4);
}

TEST(Branch, SchemaOnlyKeepsSchemaAndConfigButNoRows) {
  GraftHome h;
  Seed(h, "app");
  auto b = h.Json({"branch", "create", "empty", "--project", "app", "--mode", "schema-only", "--no-switch"});
  EXPECT_EQ(b["mode"], "schema-only");
  std::vector<std::string> at = {"--project", "app", "--branch", "empty"};
  EXPECT_EQ(Count(h, "orders", at), "0");
  EXPECT_EQ(Count(h, "auth.users", at), "0");              // platform data: empty
  EXPECT_EQ(Count(h, "auth.providers", at), "1");          // platform config: kept
  EXPECT_EQ(h.Scalar("SELECT nextval('orders_id_seq')", at), "1");  // sequences restart
  EXPECT_EQ(SchemaDump(b["url"]), SchemaDump(h.Json({"url", "--project", "app"})["url"]));
  EXPECT_EQ(Count(h, "orders", {"--project", "app"}), "500");  // parent untouched
}

TEST(Branch, ResetReturnsToT0WithSameUrlAndKeys) {
  GraftHome h;
  Seed(h, "app");
  h.Ok({"storage", "buckets", "create", "docs", "--project", "app"});
  std::string file = h.dir() + "/hello.txt";
  std::ofstream(file) << "hello from the parent";
  h.Ok({"storage", "objects", "put", "docs/hello.txt", file, "--project", "app"});
  auto b = h.Json({"branch", "create", "work", "--project", "app"});
  auto keys_before = h.Json({"project", "keys", "app", "--branch", "work"});

  // The branch sees the parent's object; changes everywhere.
  std::string got = h.dir() + "/got.txt";
  h.Ok({"storage", "objects", "get", "docs/hello.txt", got});
  EXPECT_EQ(os::ReadFile(got), "hello from the parent");
  h.Ok({"sql", "-c",
        "ALTER TABLE orders ADD COLUMN shipped boolean; UPDATE orders SET qty = 5; CREATE TABLE scratch(x int);"});
  h.Admin({"--project", "app", "--branch", "work"}).ExecAll("UPDATE auth.providers SET client_id = 'changed'; DELETE FROM auth.users;");
  h.Ok({"storage", "objects", "rm", "docs/hello.txt"});
  std::ofstream(file) << "branch upload";
  h.Ok({"storage", "objects", "put", "docs/new.txt", file});
  // The parent's object file is untouched by the branch's rm.
  h.Ok({"storage", "objects", "get", "docs/hello.txt", got, "--project", "app", "--branch", ""});
  EXPECT_EQ(os::ReadFile(got), "hello from the parent");

  auto r = h.Json({"branch", "reset", "work", "-y"});
  EXPECT_EQ(r["state"], "ready");
  EXPECT_EQ(r["url"], b["url"]);
  EXPECT_EQ(h.Json({"project", "keys", "app", "--branch", "work"}), keys_before);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM orders WHERE qty = 1"), "500");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"), "3");
  EXPECT_EQ(h.Scalar("SELECT to_regclass('public.scratch')::text"), "<null>");
  EXPECT_EQ(h.Scalar("SELECT client_id FROM auth.providers"), "cid");
  EXPECT_EQ(Count(h, "auth.users", {}), "2");
  h.Ok({"storage", "objects", "get", "docs/hello.txt", got});
  EXPECT_EQ(os::ReadFile(got), "hello from the parent");
  EXPECT_NE(h.Run({"storage", "objects", "get", "docs/new.txt", got}).code, 0);
  // Reset twice in a row is fine, and the psql URL still works.
  h.Ok({"branch", "reset", "work", "-y"});
  auto psql = os::Run({.argv = {"psql", b["url"].get<std::string>(), "-Atc", "SELECT count(*) FROM orders"}});
  EXPECT_EQ(Trim(psql.out), "500") << psql.err;
}

TEST(Branch, DeleteFreesEverythingAndSwitchesBack) {
  GraftHome h;
  Seed(h, "app");
  h.Ok({"link", "app"});
  auto b = h.Json({"branch", "create", "tmp"});
  int port = b["port"];
  h.Ok({"branch", "delete", "tmp", "-y"});
  EXPECT_TRUE(h.Json({"branch", "list"})["branches"].empty());
  EXPECT_TRUE(os::PortFree(port));
  EXPECT_TRUE(os::ListDir(h.dir() + "/snapshots").empty());
  EXPECT_EQ(os::ListDir(h.dir() + "/instances").size(), 1u);
  EXPECT_EQ(Count(h, "orders", {}), "500");  // context is the parent again
  EXPECT_EQ(h.Run({"branch", "delete", "tmp", "-y"}).code, 4);
  // Deleting the parent deletes its branches.
  h.Ok({"branch", "create", "again"});
  h.Ok({"project", "delete", "app", "-y"});
  EXPECT_TRUE(os::ListDir(h.dir() + "/instances").empty());
  EXPECT_TRUE(os::ListDir(h.dir() + "/snapshots").empty());
}

TEST(Branch, QuotasNestingNamesAndStates) {
  GraftHome h;
  for (const char* p : {"p1", "p2", "p3", "p4"}) h.Ok({"project", "create", p});
  h.Ok({"branch", "create", "a", "--project", "p1", "--no-switch"});
  h.Ok({"branch", "create", "b", "--project", "p1", "--no-switch"});
  auto third = h.Run({"branch", "create", "c", "--project", "p1", "--no-switch"});
  EXPECT_EQ(third.code, 7);
  EXPECT_NE(third.err.find("quota of 2 branches per project"), std::string::npos) << third.err;
  EXPECT_NE(third.err.find("graft branch delete"), std::string::npos) << third.err;
  h.Ok({"branch", "create", "a", "--project", "p2", "--no-switch"});
  h.Ok({"branch", "create", "a", "--project", "p3", "--no-switch"});
  auto fourth = h.Run({"branch", "create", "a", "--project", "p4", "--no-switch"});
  EXPECT_EQ(fourth.code, 7);
  EXPECT_NE(fourth.err.find("projects with branches"), std::string::npos) << fourth.err;
  // Freeing a parent's branches frees the org quota.
  h.Ok({"branch", "delete", "a", "--project", "p3", "-y"});
  h.Ok({"branch", "create", "a", "--project", "p4", "--no-switch"});

  auto dup = h.Run({"branch", "create", "a", "--project", "p2"});
  EXPECT_EQ(dup.code, 5);
  EXPECT_EQ(h.Run({"branch", "create", "Bad!", "--project", "p2"}).code, 3);
  EXPECT_EQ(h.Run({"branch", "create", "x", "--project", "p2", "--mode", "partial"}).code, 3);
  EXPECT_EQ(h.Run({"branch", "create", "x", "--project", "nope"}).code, 4);
  EXPECT_EQ(h.Run({"branch", "reset", "nope", "--project", "p2", "-y"}).code, 4);

  // No branch of a branch.
  h.Ok({"link", "p2"});
  h.Ok({"branch", "switch", "a"});
  auto nested = h.Run({"branch", "create", "deeper"});
  EXPECT_EQ(nested.code, 6);
  EXPECT_NE(nested.err.find("branches do not nest"), std::string::npos) << nested.err;
  // Nothing leaked by the refusals.
  // p1: a, b; p2: a; p4: a (p3's was deleted).
  EXPECT_EQ(h.Json({"status"})["instances"].size(), 4u + 4u);
}

TEST(Branch, BusyBranchRefusesOtherOperations) {
  GraftHome h;
  Seed(h, "app");
  h.Ok({"branch", "create", "busy", "--project", "app", "--no-switch"});
  std::string fifo = h.dir() + "/pause.fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  Cmd reset;
  std::thread t([&] {
    reset = h.Run({"branch", "reset", "busy", "--project", "app", "-y"},
                  {{"GRAFT_TEST_PAUSE_AT", "branch-reset:stop"}, {"GRAFT_TEST_PAUSE_FIFO", fifo}});
  });
  // Wait (bounded) until the reset is held at its step.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!os::Exists(fifo + ".reached") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_TRUE(os::Exists(fifo + ".reached"));
  auto del = h.Run({"branch", "delete", "busy", "--project", "app", "-y"});
  EXPECT_EQ(del.code, 6);
  EXPECT_NE(del.err.find("while it is resetting"), std::string::npos) << del.err;
  auto list = h.Json({"branch", "list", "--project", "app"});
  EXPECT_EQ(list["branches"][0]["state"], "resetting");
  int w = open(fifo.c_str(), O_WRONLY);
  close(w);
  t.join();
  EXPECT_EQ(reset.code, 0) << reset.err;
  EXPECT_EQ(h.Json({"branch", "list", "--project", "app"})["branches"][0]["state"], "ready");
}

class KillDuringBranchOp : public ::testing::TestWithParam<std::string> {};

// A kill during a create rolls it back (after its "ready" step, the branch is
// complete); a reset or delete is rolled forward by the next command.

TEST_P(KillDuringBranchOp, NextCommandCompletesOrRollsBack) {
  GraftHome h;
  Seed(h, "app");
  std::string point = GetParam();
  bool is_create = point.rfind("branch-create", 0) == 0;
  if (!is_create) {
    h.Ok({"branch", "create", "b1", "--project", "app", "--no-switch"});
    h.Ok({"sql", "--project", "app", "--branch", "b1", "-c", "DELETE FROM orders"});
  }
  std::vector<std::string> args = is_create ? std::vector<std::string>{"branch", "create", "b1", "--project", "app"}
                                 : point.rfind("branch-reset", 0) == 0
                                     ? std::vector<std::string>{"branch", "reset", "b1", "--project", "app", "-y"}
                                     : std::vector<std::string>{"branch", "delete", "b1", "--project", "app", "-y"};
  auto killed = h.Run(args, {{"GRAFT_TEST_KILL_AT", point}});
  ASSERT_EQ(killed.signal, SIGKILL) << point << ": " << killed.err;
  auto list = h.Run({"branch", "list", "--project", "app", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  auto branches = list.json()["branches"];
  if (point == "branch-create:ready") {
    ASSERT_EQ(branches.size(), 1u) << branches;
    EXPECT_EQ(branches[0]["state"], "ready");
    EXPECT_EQ(Count(h, "orders", {"--project", "app", "--branch", "b1"}), "500");
  } else if (point.rfind("branch-reset", 0) == 0) {
    // Rolled forward: the branch is back at T0 and ready.
    ASSERT_EQ(branches.size(), 1u);
    EXPECT_EQ(branches[0]["state"], "ready");
    EXPECT_EQ(Count(h, "orders", {"--project", "app", "--branch", "b1"}), "500");
    for (const auto& id : os::ListDir(h.dir() + "/instances")) {
      EXPECT_FALSE(os::Exists(h.dir() + "/instances/" + id + "/data.incoming")) << "leftover copy after " << point;
      EXPECT_FALSE(os::Exists(h.dir() + "/instances/" + id + "/data.old")) << "leftover old data after " << point;
    }
  } else {
    // Create rolled back, delete rolled forward: no branch, no files, no server.
    EXPECT_TRUE(branches.empty()) << branches;
    EXPECT_EQ(os::ListDir(h.dir() + "/instances").size(), 1u);
    EXPECT_TRUE(os::ListDir(h.dir() + "/snapshots").empty());
    EXPECT_EQ(h.Json({"status"})["instances"].size(), 1u);
    // The quota is free again and the name can be reused.
    h.Ok({"branch", "create", "b1", "--project", "app", "--no-switch"});
  }
  EXPECT_EQ(Count(h, "orders", {"--project", "app"}), "500");  // the parent is untouched
}

std::vector<std::string> BranchKillPoints() {
  std::vector<std::string> points = KillPoints("branch-create", BranchCreateFullSteps());
  for (const auto& p : KillPoints("branch-reset", BranchResetSteps())) points.push_back(p);
  points.push_back("branch-delete:begin");
  points.push_back("branch-delete:removed-instance");
  return points;
}

INSTANTIATE_TEST_SUITE_P(Points, KillDuringBranchOp, ::testing::ValuesIn(BranchKillPoints()),
                         [](const auto& info) { return KillPointName(info.param); });

}  // namespace graft::testing

namespace graft::testing {

TEST(Branch, FailedCreateLeavesNothingAndSaysWhy) {
  GraftHome h;
  Seed(h, "app");
  for (const char* step : {"branch-create:clone", "branch-create:record-t0", "branch-create:snapshot"}) {
    auto r = h.Run({"branch", "create", "doomed", "--project", "app"}, {{"GRAFT_TEST_FAIL_AT", step}});
    EXPECT_EQ(r.code, 1) << step;
    EXPECT_NE(r.err.find("injected failure"), std::string::npos) << r.err;
    EXPECT_TRUE(h.Json({"branch", "list", "--project", "app"})["branches"].empty()) << step;
    EXPECT_EQ(os::ListDir(h.dir() + "/instances").size(), 1u) << step;
    EXPECT_TRUE(os::ListDir(h.dir() + "/snapshots").empty()) << step;
  }
  // The context did not move and the quota is intact.
  EXPECT_EQ(Count(h, "orders", {"--project", "app"}), "500");
  h.Ok({"branch", "create", "a", "--project", "app", "--no-switch"});
  h.Ok({"branch", "create", "b", "--project", "app", "--no-switch"});
}

TEST(Branch, KilledSchemaOnlyCreateRollsBackAndDurabilityIsBackOn) {
  GraftHome h("\"instance_settings\": {\"shared_buffers\": \"16MB\"}");  // fsync on, as in production
  Seed(h, "app");
  // The schema-only path runs the branch with fsync off while it empties it,
  // then stops, snapshots and restarts it: a kill at any of its steps before
  // "ready" leaves nothing behind.
  for (const auto& point : KillPoints("branch-create", BranchCreateSchemaOnlySteps())) {
    if (point == "branch-create:ready") continue;  // below
    auto killed = h.Run({"branch", "create", "so", "--project", "app", "--mode", "schema-only"},
                        {{"GRAFT_TEST_KILL_AT", point}});
    ASSERT_EQ(killed.signal, SIGKILL) << point << ": " << killed.err;
    EXPECT_TRUE(h.Json({"branch", "list", "--project", "app"})["branches"].empty()) << point;
    EXPECT_EQ(os::ListDir(h.dir() + "/instances").size(), 1u) << point;
    EXPECT_TRUE(os::ListDir(h.dir() + "/snapshots").empty()) << point;
  }
  // Killed after "ready", the branch is complete.
  auto killed = h.Run({"branch", "create", "so", "--project", "app", "--mode", "schema-only", "--no-switch"},
                      {{"GRAFT_TEST_KILL_AT", "branch-create:ready"}});
  ASSERT_EQ(killed.signal, SIGKILL) << killed.err;
  auto branches = h.Json({"branch", "list", "--project", "app"})["branches"];
  ASSERT_EQ(branches.size(), 1u) << branches;
  EXPECT_EQ(branches[0]["state"], "ready") << branches;
  // Ready means durable again: the server runs with fsync on, after a reset
  // too, and the reset restores the emptied state.
  EXPECT_EQ(h.Scalar("SHOW fsync", {"--project", "app", "--branch", "so"}), "on");
  h.Ok({"sql", "--project", "app", "--branch", "so", "-c", "INSERT INTO orders(item) VALUES ('x')"});
  h.Ok({"branch", "reset", "so", "--project", "app", "-y"});
  EXPECT_EQ(h.Scalar("SHOW fsync", {"--project", "app", "--branch", "so"}), "on");
  EXPECT_EQ(Count(h, "orders", {"--project", "app", "--branch", "so"}), "0");
  EXPECT_EQ(Count(h, "orders", {"--project", "app"}), "500");
}

TEST(Branch, StoppedParentIsRefusedClearly) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"stop", "--project", "app"});
  auto r = h.Run({"branch", "create", "x", "--project", "app"});
  EXPECT_EQ(r.code, 6);
  EXPECT_NE(r.err.find("stopped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("graft start"), std::string::npos) << r.err;
}

}  // namespace graft::testing

#include "introspect/introspect.h"
#include "pg/conn.h"
#include "schema/model.h"
#include "store/store.h"

namespace graft::testing {

TEST(Branch, T0RecordsTheParentsModelAndConfigExactly) {
  GraftHome h;
  Seed(h, "app");
  std::string parent_url = h.Json({"url", "--project", "app"})["url"];
  auto b = h.Json({"branch", "create", "t", "--project", "app", "--no-switch"});
  // The parent's model now, before anyone changes it.
  auto pconn = pg::Conn::Open(parent_url);
  std::string parent_fp = schema::SchemaFingerprint(introspect::Introspect(pconn, {}));

  store::Store st(h.dir() + "/graft.db");
  auto row = st.Query("SELECT t0.schema_json, t0.platform_json, t0.parent_lsn FROM t0 JOIN projects p ON p.id = t0.branch_id "
                      "WHERE p.name = 't'");
  ASSERT_EQ(row.size(), 1u);
  // FromJson recomputes every object's fingerprint and refuses a mismatch.
  auto t0 = schema::FromJson(nlohmann::json::parse(row.Str(0, "schema_json")));
  EXPECT_EQ(schema::SchemaFingerprint(t0), parent_fp);
  ASSERT_NE(t0.Find("table:public.orders"), nullptr);
  EXPECT_FALSE(t0.Find("table:public.orders")->Fingerprint().empty());
  EXPECT_FALSE(row.Str(0, "parent_lsn").empty());
  auto platform = nlohmann::json::parse(row.Str(0, "platform_json"));
  ASSERT_TRUE(platform.contains("auth.providers"));
  ASSERT_EQ(platform["auth.providers"].size(), 1u);
  EXPECT_EQ(platform["auth.providers"][0]["name"], "github");
  EXPECT_FALSE(platform.contains("auth.users"));  // data tables are not config

  // The parent moves on; T0 does not.
  h.Ok({"sql", "--project", "app", "-c", "ALTER TABLE orders ADD COLUMN later int"});
  h.Admin({"--project", "app"}).Exec("UPDATE auth.providers SET client_id = 'new'");
  auto pconn2 = pg::Conn::Open(parent_url);
  EXPECT_NE(schema::SchemaFingerprint(introspect::Introspect(pconn2, {})), parent_fp);
  auto again = st.Query("SELECT schema_json FROM t0");
  EXPECT_EQ(schema::SchemaFingerprint(schema::FromJson(nlohmann::json::parse(again.Str(0, "schema_json")))), parent_fp);
  // And a reset branch still matches T0.
  h.Ok({"branch", "reset", "t", "--project", "app", "-y"});
  auto bconn = pg::Conn::Open(b["url"].get<std::string>());
  EXPECT_EQ(schema::SchemaFingerprint(introspect::Introspect(bconn, {})), parent_fp);
}

}  // namespace graft::testing
