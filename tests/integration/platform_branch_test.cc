// Platform state across branches: a
// branch gets the parent's platform state as its mode says, changes on the
// branch never show on the parent, and reset brings every kind back to T0.
#include "common/crypto.h"
#include "platform_test_util.h"

namespace graft::testing {

namespace {

const std::vector<std::string> kParent = {"--project", "app"};
const std::vector<std::string> kBranch = {"--project", "app", "--branch", "feat"};

std::string CronJobs(PlatformProject& p, const std::vector<std::string>& target) {
  return p.Scalar("SELECT coalesce(string_agg(jobname || '|' || schedule || '|' || command, ';' ORDER BY jobname), '') "
                  "FROM cron.job", target);
}

std::string Setting(PlatformProject& p, const std::string& group, const std::string& key,
                    const std::vector<std::string>& target) {
  auto j = p.Json({group, "settings", "get", key}, target);
  return j["settings"][0]["value"].dump();
}

// One of every kind of platform state on the parent.
void Seed(PlatformProject& p, TempDir& tmp) {
  p.Ok({"auth", "settings", "set", "password_min_length=10"}, kParent);
  p.Ok({"auth", "providers", "add", "github", "--client-id", "cid", "--client-secret", "s1"}, kParent);
  p.Ok({"storage", "buckets", "create", "docs", "--max-size", "1MB"}, kParent);
  p.Ok({"storage", "objects", "put", "docs/a.txt", tmp.Write("a.txt", "parent bytes A")}, kParent);
  p.Ok({"functions", "deploy", "hello", "--file", tmp.Write("v1.ts", "export default 'v1'\n")}, kParent);
  p.Ok({"email", "settings", "set", "sender_name=Parent"}, kParent);
  p.Ok({"email", "templates", "set", "magic_link", "--subject", "Parent link {{ token }}"}, kParent);
  p.Ok({"realtime", "channels", "add", "room", "--pattern", "room:*"}, kParent);
  p.Ok({"schedules", "create", "nightly", "--cron", "0 3 * * *", "--sql", "SELECT 1"}, kParent);
  p.home().Admin(kParent).Exec("INSERT INTO auth.users (email) VALUES ('u@example.com')");  // graft_admin's rows
  auto mig = tmp.Write("20240101000000_first.sql", "CREATE TABLE first_table (id int);\n");
  p.Ok({"migrations", "apply", mig}, kParent);
}

// What the parent's (or a T0 branch's) platform state looks like after Seed.
void ExpectSeeded(PlatformProject& p, const std::vector<std::string>& t, bool with_data) {
  EXPECT_EQ(Setting(p, "auth", "password_min_length", t), "10");
  auto prov = p.Json({"auth", "providers", "get", "github"}, t);
  EXPECT_EQ(prov["provider"]["client_id"], "cid");
  EXPECT_EQ(p.Scalar("SELECT client_secret FROM auth.providers WHERE name = 'github'", t), "s1");
  EXPECT_EQ(p.Json({"storage", "buckets", "get", "docs"}, t)["bucket"]["max_size"], 1024 * 1024);
  EXPECT_EQ(p.Json({"functions", "get", "hello"}, t)["function"]["source"], "export default 'v1'\n");
  EXPECT_EQ(Setting(p, "email", "sender_name", t), "\"Parent\"");
  EXPECT_EQ(p.Json({"email", "templates", "get", "magic_link"}, t)["template"]["subject"], "Parent link {{ token }}");
  auto ch = p.Json({"realtime", "channels", "list"}, t)["channels"];
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0]["name"], "room");
  EXPECT_EQ(p.Json({"schedules", "get", "nightly"}, t)["schedule"]["cron"], "0 3 * * *");
  EXPECT_EQ(CronJobs(p, t), "nightly|0 3 * * *|SELECT 1");
  // pg_cron runs the jobs on this very instance: in background workers, or
  // by connecting to this instance's port (a clone's copied jobs named the
  // parent's port).
  // (cron.use_background_workers is readable by superusers only: graft_admin.)
  EXPECT_EQ(p.home().Admin(t).Exec("SELECT current_setting('cron.use_background_workers') = 'on' "
                                   "OR bool_and(nodeport = current_setting('port')::int) FROM cron.job").rows.at(0).at(0),
            "t")
      << "cron jobs of " << GraftHome::Join(t) << " would run on another instance";
  EXPECT_EQ(p.Scalar("SELECT string_agg(version, ',') FROM system.migrations", t), "20240101000000");
  if (with_data) {
    EXPECT_EQ(p.Ok({"storage", "objects", "get", "docs/a.txt"}, t), "parent bytes A");
    EXPECT_EQ(p.Scalar("SELECT count(*) FROM auth.users", t), "1");
  }
}

}  // namespace

TEST(PlatformBranch, FullBranchIsolationAndResetForEveryKind) {
  PlatformProject p("app");
  TempDir tmp;
  Seed(p, tmp);
  p.Ok({"branch", "create", "feat", "--no-switch"}, kParent);
  ExpectSeeded(p, kBranch, true);

  // Change every kind on the branch.
  p.Ok({"auth", "settings", "set", "password_min_length=20"}, kBranch);
  p.Ok({"auth", "providers", "update", "github", "--client-id", "branch-cid"}, kBranch);
  p.Ok({"auth", "providers", "add", "google", "--client-id", "g", "--client-secret", "gs"}, kBranch);
  p.Ok({"storage", "buckets", "update", "docs", "--max-size", "2MB"}, kBranch);
  p.Ok({"storage", "objects", "rm", "docs/a.txt"}, kBranch);
  p.Ok({"storage", "objects", "put", "docs/b.txt", tmp.Write("b.txt", "branch bytes B")}, kBranch);
  p.Ok({"functions", "deploy", "hello", "--file", tmp.Write("v2.ts", "export default 'v2'\n")}, kBranch);
  p.Ok({"email", "settings", "set", "sender_name=Branch"}, kBranch);
  p.Ok({"email", "templates", "set", "magic_link", "--subject", "Branch link {{ token }}"}, kBranch);
  p.Ok({"realtime", "channels", "add", "lobby"}, kBranch);
  p.Ok({"schedules", "update", "nightly", "--cron", "0 4 * * *"}, kBranch);
  p.Ok({"schedules", "create", "extra", "--cron", "@daily", "--sql", "SELECT 2"}, kBranch);
  p.home().Admin(kBranch).Exec("INSERT INTO auth.users (email) VALUES ('branch@example.com')");
  p.Ok({"migrations", "apply", tmp.Write("20240202000000_second.sql", "CREATE TABLE second_table (id int);\n")}, kBranch);
  EXPECT_EQ(CronJobs(p, kBranch), "extra|@daily|SELECT 2;nightly|0 4 * * *|SELECT 1");
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "docs/b.txt"}, kBranch), "branch bytes B");
  p.Fails({"storage", "objects", "get", "docs/a.txt"}, 4, kBranch);

  // The parent is untouched, including its object bytes.
  ExpectSeeded(p, kParent, true);
  EXPECT_EQ(p.Json({"auth", "providers", "list"}, kParent)["providers"].size(), 1u);
  p.Fails({"storage", "objects", "get", "docs/b.txt"}, 4, kParent);
  EXPECT_EQ(p.Scalar("SELECT to_regclass('second_table') IS NULL", kParent), "t");

  // A later parent upload does not show through on the branch.
  p.Ok({"storage", "objects", "put", "docs/late.txt", tmp.Write("late.txt", "late")}, kParent);
  p.Fails({"storage", "objects", "get", "docs/late.txt"}, 4, kBranch);

  // Reset: every kind is back to T0 on the branch (and the cron jobs too).
  p.Ok({"branch", "reset", "feat", "-y"}, kParent);
  ExpectSeeded(p, kBranch, true);
  EXPECT_EQ(p.Json({"auth", "providers", "list"}, kBranch)["providers"].size(), 1u);
  EXPECT_EQ(p.Json({"realtime", "channels", "list"}, kBranch)["channels"].size(), 1u);
  p.Fails({"storage", "objects", "get", "docs/b.txt"}, 4, kBranch);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM auth.users", kBranch), "1");
  EXPECT_EQ(p.Scalar("SELECT to_regclass('second_table') IS NULL", kBranch), "t");
  // The branch works normally after the reset.
  p.Ok({"storage", "objects", "put", "docs/c.txt", tmp.Write("c.txt", "after reset")}, kBranch);
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "docs/c.txt"}, kBranch), "after reset");

  // Delete: the parent keeps all of its state.
  p.Ok({"branch", "delete", "feat", "-y"}, kParent);
  ExpectSeeded(p, kParent, true);
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "docs/late.txt"}, kParent), "late");
}

TEST(PlatformBranch, SchemaOnlyKeepsConfigButNoData) {
  PlatformProject p("app");
  TempDir tmp;
  Seed(p, tmp);
  p.Ok({"branch", "create", "feat", "--mode", "schema-only", "--no-switch"}, kParent);
  ExpectSeeded(p, kBranch, false);
  // Data: no users, no object rows, no object files.
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM auth.users", kBranch), "0");
  EXPECT_EQ(p.Json({"storage", "objects", "list", "docs"}, kBranch)["objects"].size(), 0u);
  p.Fails({"storage", "objects", "get", "docs/a.txt"}, 4, kBranch);
  // The platform schema version stays recorded, so upgrades work on it.
  EXPECT_EQ(p.Scalar("SELECT count(*) > 0 FROM system.platform_migrations", kBranch), "t");
  // Uploads on the branch work and do not reach the parent.
  p.Ok({"storage", "objects", "put", "docs/a.txt", tmp.Write("x.txt", "branch A")}, kBranch);
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "docs/a.txt"}, kBranch), "branch A");
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "docs/a.txt"}, kParent), "parent bytes A");
}

}  // namespace graft::testing
