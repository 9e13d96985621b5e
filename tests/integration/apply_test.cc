// engine::ApplyPlan on a real PostgreSQL 15 (the shared test cluster, one
// fresh database per test): the plan commits all or nothing, lock_timeout
// fires and names the statement that waited, and a plan with a statement
// that cannot share its transaction is refused before anything runs or split
// explicitly.
#include "engine/apply.h"

#include <gtest/gtest.h>

#include <cctype>
#include <memory>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "ddl/plan.h"
#include "pg/conn.h"
#include "pg/transaction.h"
#include "os/process.h"
#include "support/pg_cluster.h"

namespace graft {
namespace {

using testing::PgCluster;

ddl::Statement St(const std::string& sql, const std::string& action, const std::string& kind,
                  const std::string& object, std::vector<ddl::Hazard> hz = {}) {
  ddl::Statement s;
  s.sql = sql;
  s.action = action;
  s.kind = kind;
  s.object = object;
  s.hazards = std::move(hz);
  return s;
}

class Apply : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::string("apply_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (auto& ch : db_) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    cluster().DropDatabase(db_);
    cluster().CreateDatabase(db_);
    conn_ = std::make_unique<pg::Conn>(pg::Conn::Open(cluster().url(db_)));
  }
  void TearDown() override {
    conn_.reset();
    cluster().DropDatabase(db_);
  }
  static PgCluster& cluster() { return PgCluster::Shared(); }
  // Whether the relation public.<name> exists, read on a fresh connection.
  bool Exists(const std::string& name) {
    auto c = pg::Conn::Open(cluster().url(db_));
    return c.Exec("SELECT to_regclass('public." + name + "') IS NOT NULL AS x").Str(0, "x") == "t";
  }
  std::string Scalar(const std::string& sql) {
    auto c = pg::Conn::Open(cluster().url(db_));
    return c.Exec(sql).rows.at(0).at(0).value_or("");
  }
  // An enum, a table using it, and a plan that adds a value and then uses it.
  ddl::Plan EnumPlan() {
    conn_->Exec("CREATE TYPE public.level AS ENUM ('low', 'high')");
    conn_->Exec("CREATE TABLE public.t (l public.level DEFAULT 'low')");
    ddl::Plan p;
    p.statements = {
        St("CREATE TABLE public.before (id integer);", "create", "table", "public.before"),
        St("ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';", "alter", "type", "public.level",
           {ddl::Hazard::kNotTransactional}),
        St("ALTER TABLE public.t ALTER COLUMN l SET DEFAULT 'medium'::public.level;", "alter", "column", "public.t.l"),
    };
    return p;
  }

  std::string db_;
  std::unique_ptr<pg::Conn> conn_;
};

TEST_F(Apply, CommitsTheWholePlanInOneTransaction) {
  ddl::Plan p;
  p.statements = {St("CREATE TABLE public.a (id integer);", "create", "table", "public.a"),
                  St("CREATE TABLE public.b (a_id integer);", "create", "table", "public.b"),
                  St("INSERT INTO public.a VALUES (1);", "insert", "rows", "public.a")};
  int checked = 0;
  engine::ApplyOptions o;
  o.before_commit = [&](pg::Conn& c) {
    // Inside the transaction: everything is there, and nobody else sees it yet.
    EXPECT_EQ(c.Exec("SELECT count(*) AS n FROM public.a").Str(0, "n"), "1");
    EXPECT_FALSE(Exists("a"));
    ++checked;
  };
  engine::ApplyResult r = engine::ApplyPlan(*conn_, p, o);
  EXPECT_EQ(checked, 1);
  EXPECT_TRUE(r.committed);
  EXPECT_FALSE(r.split);
  EXPECT_EQ(r.mode, "one transaction");
  ASSERT_EQ(r.pieces.size(), 1u);
  EXPECT_EQ(r.pieces[0].count, 3u);
  EXPECT_TRUE(Exists("a"));
  EXPECT_TRUE(Exists("b"));
  // SET LOCAL: the session's lock_timeout is untouched afterwards.
  EXPECT_EQ(conn_->Exec("SHOW lock_timeout").rows.at(0).at(0).value_or(""), "0");
}

TEST_F(Apply, AFailingStatementMidPlanLeavesNothing) {
  ddl::Plan p;
  p.statements = {St("CREATE TABLE public.a (id integer);", "create", "table", "public.a"),
                  St("ALTER TABLE public.missing ADD COLUMN x integer;", "alter", "table", "public.missing"),
                  St("CREATE TABLE public.c (id integer);", "create", "table", "public.c")};
  try {
    engine::ApplyPlan(*conn_, p);
    FAIL() << "the plan applied";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kDatabase);
    std::string m = e.what();
    EXPECT_NE(m.find("apply statement failed (alter table public.missing)"), std::string::npos) << m;
    EXPECT_NE(m.find("does not exist"), std::string::npos) << m;
    EXPECT_NE(m.find("nothing was applied"), std::string::npos) << m;
  }
  EXPECT_FALSE(Exists("a"));
  EXPECT_FALSE(Exists("c"));
  // The connection is usable again (the transaction was rolled back).
  EXPECT_EQ(conn_->Exec("SELECT 1 AS x").Str(0, "x"), "1");
}

TEST_F(Apply, ATrialRunRollsBackAfterTheCheck) {
  ddl::Plan p;
  p.statements = {St("CREATE TABLE public.a (id integer);", "create", "table", "public.a")};
  engine::ApplyOptions o;
  bool seen = false;
  o.commit = false;
  o.before_commit = [&](pg::Conn& c) { seen = c.Exec("SELECT to_regclass('public.a') IS NOT NULL AS x").Str(0, "x") == "t"; };
  engine::ApplyResult r = engine::ApplyPlan(*conn_, p, o);
  EXPECT_TRUE(seen);
  EXPECT_FALSE(r.committed);
  EXPECT_NE(r.mode.find("rolled back"), std::string::npos) << r.mode;
  EXPECT_FALSE(Exists("a"));
}

TEST_F(Apply, LockTimeoutFiresAndNamesTheStatementThatWaited) {
  conn_->Exec("CREATE TABLE public.busy (id integer)");
  // Another session holds the table: taken first, so the plan must wait.
  auto holder = pg::Conn::Open(cluster().url(db_));
  pg::Transaction hold(holder);
  holder.Exec("LOCK TABLE public.busy IN ACCESS SHARE MODE");
  ddl::Plan p;
  p.statements = {St("CREATE TABLE public.a (id integer);", "create", "table", "public.a"),
                  St("ALTER TABLE public.busy ADD COLUMN x integer;", "alter", "table", "public.busy")};
  engine::ApplyOptions o;
  o.lock_timeout_ms = 150;
  try {
    engine::ApplyPlan(*conn_, p, o);
    FAIL() << "the plan applied while the table was locked";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kDatabase);
    std::string m = e.what();
    EXPECT_NE(m.find("apply stopped: lock_timeout (150 ms) reached by alter table public.busy (waiting for a lock): "
                     "ALTER TABLE public.busy ADD COLUMN x integer;; nothing was applied"),
              std::string::npos)
        << m;
    EXPECT_FALSE(e.hint().empty());
  }
  hold.Commit();
  EXPECT_FALSE(Exists("a"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.busy'::regclass AND attname = 'x'"), "0");
}

TEST_F(Apply, ANotTransactionalPlanIsRefusedBeforeAnythingRuns) {
  ddl::Plan p = EnumPlan();
  try {
    engine::ApplyPlan(*conn_, p);
    FAIL() << "the plan applied";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    std::string m = e.what();
    EXPECT_NE(m.find("alter type public.level (ALTER TYPE public.level ADD VALUE 'medium' BEFORE 'high';)"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("nothing was applied"), std::string::npos) << m;
  }
  EXPECT_FALSE(Exists("before"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_enum WHERE enumlabel = 'medium'"), "0");
  // A trial run cannot split either.
  engine::ApplyOptions trial;
  trial.commit = false;
  trial.non_transactional = engine::NonTransactionalPolicy::kSplit;
  EXPECT_THROW(engine::ApplyPlan(*conn_, p, trial), Error);
  EXPECT_FALSE(Exists("before"));
}

TEST_F(Apply, ANotTransactionalPlanIsSplitWhenAsked) {
  ddl::Plan p = EnumPlan();
  // In one transaction Postgres refuses the use of the new value: what the
  // hazard is about.
  {
    pg::Transaction tx(*conn_);
    EXPECT_THROW(engine::RunStatements(*conn_, {{p.statements[1].sql, "add"}, {p.statements[2].sql, "use"}}, {}),
                 Error);
  }
  engine::ApplyOptions o;
  o.non_transactional = engine::NonTransactionalPolicy::kSplit;
  engine::ApplyResult r = engine::ApplyPlan(*conn_, p, o);
  EXPECT_TRUE(r.committed);
  EXPECT_TRUE(r.split);
  ASSERT_EQ(r.pieces.size(), 3u);
  EXPECT_TRUE(r.pieces[0].in_transaction);
  EXPECT_FALSE(r.pieces[1].in_transaction);
  EXPECT_TRUE(r.pieces[2].in_transaction);
  EXPECT_NE(r.mode.find("split into 3 pieces around: alter type public.level"), std::string::npos) << r.mode;
  EXPECT_TRUE(Exists("before"));
  EXPECT_EQ(Scalar("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'public.t'::regclass"),
            "'medium'::level");
  EXPECT_EQ(conn_->Exec("SHOW lock_timeout").rows.at(0).at(0).value_or(""), "0");
}

TEST_F(Apply, AFailureAfterASplitSaysWhatWasCommitted) {
  ddl::Plan p = EnumPlan();
  p.statements.push_back(St("ALTER TABLE public.missing ADD COLUMN x integer;", "alter", "table", "public.missing"));
  engine::ApplyOptions o;
  o.non_transactional = engine::NonTransactionalPolicy::kSplit;
  try {
    engine::ApplyPlan(*conn_, p, o);
    FAIL() << "the plan applied";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("the first 2 statement(s) of the plan were committed"), std::string::npos) << m;
  }
  // The pieces before the failing one stay; the failing piece left nothing.
  EXPECT_TRUE(Exists("before"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_enum WHERE enumlabel = 'medium'"), "1");
  EXPECT_EQ(Scalar("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'public.t'::regclass"),
            "'low'::level");
}

// `graft diff` says how to run its plan: a comment block before the
// statements (which psql -f and --single-transaction both run), and the same
// in --json. Nothing at all when there is nothing to do.
TEST_F(Apply, DiffSaysHowToRunThePlan) {
  const std::string other = db_ + "_b";
  cluster().DropDatabase(other);
  cluster().CreateDatabase(other);
  cluster().Exec(other, "CREATE TABLE public.added (id integer)");
  auto diff = [&](const std::string& a, const std::string& b, bool json) {
    os::RunOptions ro;
    ro.argv = {GRAFT_BINARY, "diff", cluster().url(a), cluster().url(b)};
    if (json) ro.argv.push_back("--json");
    return os::Run(ro);
  };
  os::RunResult text = diff(db_, other, false), first_js = diff(db_, other, true);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ASSERT_EQ(first_js.exit_code, 0) << first_js.err;
  EXPECT_EQ(text.out.rfind("/*\n * graft diff: 1 statement turning", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("Safe inside BEGIN/COMMIT"), std::string::npos) << text.out;
  // After the comment, the statements exactly as before: title line, SQL.
  size_t end = text.out.find(" */\n");
  ASSERT_NE(end, std::string::npos) << text.out;
  auto st = nlohmann::json::parse(first_js.out)["statements"];
  ASSERT_EQ(st.size(), 1u) << first_js.out;
  EXPECT_EQ(text.out.substr(end + 4), "-- create table public.added\n" + st[0]["sql"].get<std::string>() + "\n\n")
      << text.out;
  // The file runs as printed, in one transaction.
  os::RunResult applied = cluster().RunSql(db_, text.out, /*single_transaction=*/true);
  ASSERT_TRUE(applied.ok()) << applied.err;
  EXPECT_TRUE(Exists("added"));
  os::RunResult again = diff(db_, other, false);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "");

  cluster().Exec(other, "CREATE TABLE public.more (id integer)");
  os::RunResult js = diff(db_, other, true);
  ASSERT_EQ(js.exit_code, 0) << js.err;
  auto j = nlohmann::json::parse(js.out);
  EXPECT_EQ(j["statements"].size(), 1u);
  EXPECT_EQ(j["run"]["single_transaction"], true) << js.out;
  EXPECT_TRUE(j["run"]["not_transactional"].empty()) << js.out;
  EXPECT_NE(j["run"]["how"].get<std::string>().find("--single-transaction"), std::string::npos) << js.out;
  cluster().DropDatabase(other);
}

}  // namespace
}  // namespace graft
