// Integration tests of the foundation: real PostgreSQL 15 instances
// driven through the real graft binary.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "graft_home.h"
#include "kill_points.h"
#include "common/error.h"
#include "instance/instance.h"
#include "pg/conn.h"
#include "pg/transaction.h"

namespace graft::testing {

TEST(Project, LifecycleCreateQueryStopStartDelete) {
  GraftHome h;
  auto created = h.Json({"project", "create", "shop"});
  EXPECT_EQ(created["name"], "shop");
  EXPECT_EQ(created["org"], "default");
  EXPECT_EQ(created["state"], "ready");
  int port = created["port"];
  EXPECT_GE(port, h.first_port());
  std::string url = created["url"];
  EXPECT_EQ(url.rfind("postgresql://postgres:", 0), 0u);

  // Ready means it answers queries; the platform schemas are installed.
  h.Ok({"sql", "--project", "shop", "-c", "CREATE TABLE items(id int primary key, name text)"});
  h.Ok({"sql", "--project", "shop", "-c", "INSERT INTO items VALUES (1, 'apple'), (2, 'pear')"});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM items", {"--project", "shop"}), "2");
  EXPECT_EQ(h.Scalar("SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname IN "
                     "('auth','storage','functions','email','realtime','schedules','system')",
                     {"--project", "shop"}),
            "auth,email,functions,realtime,schedules,storage,system");
  // Text output is readable.
  auto text = h.Ok({"sql", "--project", "shop", "-c", "SELECT name FROM items ORDER BY id"});
  EXPECT_NE(text.find("apple"), std::string::npos);
  EXPECT_NE(text.find("(2 rows)"), std::string::npos);

  // The URL works with psql over TCP with the password.
  auto psql = os::Run({.argv = {"psql", url, "-Atc", "SELECT name FROM items WHERE id = 2"}});
  EXPECT_EQ(psql.exit_code, 0) << psql.err;
  EXPECT_EQ(Trim(psql.out), "pear");
  // ... and a wrong password is refused.
  std::string bad = url;
  bad.replace(bad.find(':', 14) + 1, 8, "00000000");
  EXPECT_NE(os::Run({.argv = {"psql", bad, "-Atc", "SELECT 1"}}).exit_code, 0);

  // list / info
  auto list = h.Json({"project", "list"});
  ASSERT_EQ(list["projects"].size(), 1u);
  EXPECT_EQ(list["projects"][0]["name"], "shop");
  auto info = h.Json({"project", "info", "shop"});
  EXPECT_EQ(info["ready"], true);
  EXPECT_EQ(info["accepting"], true);

  // The instance outlives the CLI; status sees it; stop/start work.
  auto st = h.Json({"status"});
  ASSERT_EQ(st["instances"].size(), 1u);
  EXPECT_EQ(st["instances"][0]["accepting"], true);
  h.Ok({"stop"});
  st = h.Json({"status"});
  EXPECT_EQ(st["instances"][0]["running"], false);
  auto stopped = h.Run({"sql", "--project", "shop", "-c", "SELECT 1"});
  EXPECT_EQ(stopped.code, 6);
  EXPECT_NE(stopped.err.find("stopped"), std::string::npos) << stopped.err;
  h.Ok({"start", "--project", "shop"});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM items", {"--project", "shop"}), "2");  // data survived

  // delete removes everything
  std::string data_dir = info["data_dir"];
  h.Ok({"project", "delete", "shop", "-y"});
  EXPECT_FALSE(os::Exists(data_dir));
  EXPECT_TRUE(h.Json({"project", "list"})["projects"].empty());
  EXPECT_TRUE(os::PortFree(port));
}

TEST(Project, LinkKeysAndTokens) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  // Without a project and no link: a usage error saying how to fix it.
  auto none = h.Run({"sql", "-c", "SELECT 1"});
  EXPECT_EQ(none.code, 3);
  EXPECT_NE(none.err.find("graft link"), std::string::npos) << none.err;
  h.Ok({"link", "app"});
  EXPECT_EQ(h.Scalar("SELECT 40 + 2"), "42");
  auto keys = h.Json({"project", "keys"});
  std::string secret = keys["jwt_secret"], api = keys["api_key"], anon = keys["anon_key"];
  EXPECT_GE(secret.size(), 40u);
  EXPECT_EQ(api.rfind("gft_sk_", 0), 0u);
  // The anon key is a JWT signed with the project's secret.
  auto anon_ok = h.Json({"token", "verify", anon});
  EXPECT_EQ(anon_ok["claims"]["role"], "anon");

  auto minted = h.Json({"token", "mint", "--sub", "user-1", "--ttl", "600"});
  std::string tok = minted["token"];
  auto v = h.Json({"token", "verify", tok});
  EXPECT_EQ(v["valid"], true);
  EXPECT_EQ(v["claims"]["sub"], "user-1");

  // A token of another project does not verify here.
  h.Ok({"project", "create", "other"});
  std::string other_tok = h.Json({"token", "mint", "--project", "other", "--sub", "x"})["token"];
  auto bad = h.Run({"token", "verify", other_tok});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("bad signature"), std::string::npos) << bad.err;
  // Keys differ between projects.
  auto keys2 = h.Json({"project", "keys", "other"});
  EXPECT_NE(keys2["jwt_secret"], keys["jwt_secret"]);
  EXPECT_NE(keys2["api_key"], keys["api_key"]);
  // Expired tokens are refused.
  auto expired = h.Run({"token", "mint", "--sub", "u", "--ttl", "0"});
  EXPECT_EQ(expired.code, 3);
}

TEST(Project, BadInputGetsOneClearMessageAndStableCode) {
  GraftHome h;
  auto invalid = h.Run({"project", "create", "Bad_Name"});
  EXPECT_EQ(invalid.code, 3);
  EXPECT_NE(invalid.err.find("invalid project name 'Bad_Name'"), std::string::npos) << invalid.err;
  EXPECT_NE(invalid.err.find("lowercase letters, digits and '-'"), std::string::npos) << invalid.err;
  EXPECT_EQ(h.Run({"project", "create", std::string(64, 'a')}).code, 3);
  EXPECT_EQ(h.Run({"project", "create", "-x"}).code, 3);

  h.Ok({"project", "create", "dup"});
  auto dup = h.Run({"project", "create", "dup"});
  EXPECT_EQ(dup.code, 5);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos);
  // Same name in another org is fine.
  h.Ok({"project", "create", "dup", "--org", "acme"});
  // ... but then a bare name is ambiguous.
  EXPECT_EQ(h.Run({"project", "info", "dup"}).code, 3);
  EXPECT_EQ(h.Json({"project", "info", "acme:dup"})["org"], "acme");

  auto unknown = h.Run({"project", "info", "nope"});
  EXPECT_EQ(unknown.code, 4);
  EXPECT_NE(unknown.err.find("project 'nope' does not exist"), std::string::npos);
  EXPECT_EQ(h.Run({"sql", "--project", "nope", "-c", "select 1"}).code, 4);
  EXPECT_EQ(h.Run({"project", "delete", "nope", "-y"}).code, 4);

  // No confirmation without a terminal and without -y.
  auto noconfirm = h.Run({"project", "delete", "dup"});
  EXPECT_EQ(noconfirm.code, 3);
  EXPECT_NE(noconfirm.err.find("-y"), std::string::npos);

  // Malformed SQL: database error, message from the server.
  auto badsql = h.Run({"sql", "--project", "acme:dup", "-c", "SELEC 1"});
  EXPECT_EQ(badsql.code, 9);
  EXPECT_NE(badsql.err.find("syntax error"), std::string::npos) << badsql.err;

  // Unknown flags are usage errors; JSON errors are machine readable.
  EXPECT_EQ(h.Run({"project", "create", "x", "--bogus"}).code, 3);
  auto je = h.Run({"project", "info", "nope", "--json"});
  EXPECT_EQ(je.code, 4);
  EXPECT_EQ(je.json()["error"]["kind"], "not_found");

  // Nothing half-created by the failures.
  EXPECT_EQ(h.Json({"project", "list"})["projects"].size(), 2u);
  EXPECT_EQ(os::ListDir(h.dir() + "/instances").size(), 2u);
}

TEST(Project, EnvironmentFaults) {
  GraftHome h;
  // A home that cannot be written.
  auto r = os::Run({.argv = {GRAFT_BINARY, "--home", "/proc/graft-home", "project", "create", "app"}});
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("home directory"), std::string::npos) << r.err;
  // Missing server binaries.
  auto missing = h.Run({"project", "create", "nobin"}, {{"GRAFT_PG_BIN", "/nonexistent/bin"}});
  EXPECT_EQ(missing.code, 8);
  EXPECT_NE(missing.err.find("not found"), std::string::npos) << missing.err;
  EXPECT_TRUE(h.Json({"project", "list"})["projects"].empty());

  // A port taken by another process while the instance is stopped.
  auto p = h.Json({"project", "create", "porty"});
  int port = p["port"];
  h.Ok({"stop"});
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  auto taken = h.Run({"start"});
  EXPECT_EQ(taken.code, 8) << "signal " << taken.signal << ": " << taken.err;
  EXPECT_NE(taken.err.find("port " + std::to_string(port) + " is in use"), std::string::npos) << taken.err;
  // A new project skips the taken port.
  auto q = h.Json({"project", "create", "next"});
  EXPECT_NE(q["port"].get<int>(), port);
  close(fd);
  h.Ok({"start"});
  EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "porty"}), "1");
}

class KillDuringCreate : public ::testing::TestWithParam<std::string> {};

// A kill at any point before "ready" rolls the create back; a kill after it
// leaves a project that is complete.
TEST_P(KillDuringCreate, NextCommandRollsBack) {
  GraftHome h;
  auto killed = h.Run({"project", "create", "victim"}, {{"GRAFT_TEST_KILL_AT", GetParam()}});
  ASSERT_EQ(killed.signal, SIGKILL) << "graft was not killed at " << GetParam() << ": " << killed.err;
  if (GetParam() == "project-create:ready") {
    auto list = h.Json({"project", "list"});
    ASSERT_EQ(list["projects"].size(), 1u) << list;
    EXPECT_EQ(list["projects"][0]["state"], "ready") << list;
    EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "victim"}), "1");
    return;
  }
  // The next graft command finds the interrupted operation and rolls it back.
  auto list = h.Run({"project", "list", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.err.find("interrupted operation"), std::string::npos) << list.err;
  EXPECT_TRUE(list.json()["projects"].empty());
  EXPECT_TRUE(os::ListDir(h.dir() + "/instances").empty()) << "orphan data directory left";
  EXPECT_TRUE(os::PortFree(h.first_port())) << "orphan postgres still listening";
  // The name is free again and a create works.
  auto again = h.Json({"project", "create", "victim"});
  EXPECT_EQ(again["state"], "ready");
}

INSTANTIATE_TEST_SUITE_P(Points, KillDuringCreate,
                         ::testing::ValuesIn(KillPoints("project-create", ProjectCreateSteps())),
                         [](const auto& info) { return KillPointName(info.param); });

TEST(Project, KillDuringDeleteIsFinishedByNextCommand) {
  GraftHome h;
  auto p = h.Json({"project", "create", "gone"});
  auto killed = h.Run({"project", "delete", "gone", "-y"}, {{"GRAFT_TEST_KILL_AT", "project-delete:begin"}});
  ASSERT_EQ(killed.signal, SIGKILL);
  auto list = h.Json({"project", "list"});
  EXPECT_TRUE(list["projects"].empty());
  EXPECT_TRUE(os::ListDir(h.dir() + "/instances").empty());
  EXPECT_TRUE(os::PortFree(p["port"].get<int>()));
}

// A cold home (no template yet, as a user's first create): three creates
// race to make the template cluster and all succeed.
TEST(Project, ConcurrentCreatesOnOneHome) {
  GraftHome h("", kColdHome);
  ASSERT_FALSE(os::Exists(h.dir() + "/templates/pg15"));
  std::vector<Cmd> results(3);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { results[static_cast<size_t>(i)] = h.Run({"project", "create", "p" + std::to_string(i), "--json"}); });
  }
  for (auto& t : threads) t.join();
  std::set<int> ports;
  for (const auto& r : results) {
    ASSERT_EQ(r.code, 0) << r.err;
    ports.insert(r.json()["port"].get<int>());
  }
  EXPECT_EQ(ports.size(), 3u);
  EXPECT_EQ(h.Json({"project", "list"})["projects"].size(), 3u);
}

}  // namespace graft::testing

namespace graft::testing {

// The teardown's last resort kills a home's leftover servers by the pid in
// postmaster.pid; it must recognise the server and nothing else.
TEST(Harness, RecognisesItsOwnPostmasterOnly) {
  GraftHome h;
  h.Ok({"project", "create", "own"});
  auto ids = os::ListDir(h.dir() + "/instances");
  ASSERT_EQ(ids.size(), 1u);
  std::string data = h.dir() + "/instances/" + ids[0] + "/data";
  pid_t pid = static_cast<pid_t>(atol(os::ReadFile(data + "/postmaster.pid").c_str()));
  EXPECT_TRUE(IsPostmasterOf(pid, data));
  EXPECT_FALSE(IsPostmasterOf(pid, data + "x"));
  EXPECT_FALSE(IsPostmasterOf(getpid(), data));
  EXPECT_FALSE(IsPostmasterOf(0, data));
}

// Port ranges held at the same time never overlap.
TEST(Harness, LiveHomesNeverSharePorts) {
  std::set<int> firsts;
  std::vector<std::unique_ptr<PortLease>> leases;
  for (int i = 0; i < 5; ++i) {
    leases.push_back(std::make_unique<PortLease>());
    EXPECT_TRUE(firsts.insert(leases.back()->first()).second)
        << "range starting at " << leases.back()->first() << " leased twice";
  }
}

}  // namespace graft::testing


namespace graft::testing {

// pg::Transaction: an exception inside the scope rolls everything back; only
// Commit() keeps the work.
TEST(PgTransaction, RollsBackUnlessCommitted) {
  GraftHome h;
  h.Ok({"project", "create", "tx"});
  auto conn = pg::Conn::Open(h.Json({"url", "--project", "tx"})["url"].get<std::string>());
  EXPECT_THROW(
      {
        pg::Transaction tx(conn);
        conn.Exec("CREATE TABLE kept_out(id int)");
        conn.Exec("SELECT no_such_column FROM kept_out");
        tx.Commit();
      },
      graft::Error);
  {
    pg::Transaction tx(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    conn.Exec("CREATE TABLE kept(id int)");
    EXPECT_EQ(conn.Exec("SHOW transaction_isolation").Str(0, "transaction_isolation"), "repeatable read");
    tx.Commit();
  }
  {
    pg::Transaction tx(conn);
    conn.Exec("CREATE TABLE dropped_by_scope(id int)");
  }  // no Commit(): rolled back
  EXPECT_EQ(conn.Exec("SELECT to_regclass('kept_out') IS NULL AS gone").Str(0, "gone"), "t");
  EXPECT_EQ(conn.Exec("SELECT to_regclass('kept') IS NULL AS gone").Str(0, "gone"), "f");
  EXPECT_EQ(conn.Exec("SELECT to_regclass('dropped_by_scope') IS NULL AS gone").Str(0, "gone"), "t");
}

}  // namespace graft::testing
