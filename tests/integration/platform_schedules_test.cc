// graft schedules on a real instance: validation, secrets, pg_cron sync, and
// an SQL job really running through pg_cron.
#include "platform_test_util.h"

namespace graft::testing {

namespace {

// cron.job as "name|schedule|command" lines, ordered by name.
std::string CronJobs(PlatformProject& p) {
  return p.Scalar("SELECT coalesce(string_agg(jobname || '|' || schedule || '|' || command, E'\\n' ORDER BY jobname), '') "
                  "FROM cron.job");
}

}  // namespace

TEST(PlatformSchedules, ValidationSyncAndSecretHeaders) {
  PlatformProject p;
  TempDir tmp;
  const std::string token = "Bearer hdr-Secret-5mQ2";
  p.Ok({"functions", "deploy", "report", "--file", tmp.Write("f.ts", "export default 1\n")});

  auto c = p.Json({"schedules", "create", "nightly", "--cron", "0 3 * * *", "--sql", "SELECT 1"});
  EXPECT_EQ(c["schedule"]["target"], "sql");
  EXPECT_EQ(c["schedule"]["scheduled"], true);
  EXPECT_EQ(CronJobs(p), "nightly|0 3 * * *|SELECT 1");

  auto f = p.Json({"schedules", "create", "hook", "--cron", "@hourly", "--function", "report", "--body", "{\"a\": 1}",
                   "--header", "Authorization=" + token, "--header", "X-Env=prod"});
  EXPECT_EQ(f["schedule"]["target"], "function");
  EXPECT_EQ(f["schedule"]["scheduled"], false);  // function jobs are stored, not run by pg_cron
  EXPECT_EQ(f["schedule"]["headers"]["Authorization"], "********");
  EXPECT_EQ(f["schedule"]["headers"]["X-Env"], "********");
  EXPECT_EQ(f["schedule"]["body"], (nlohmann::json{{"a", 1}}));
  EXPECT_EQ(p.Scalar("SELECT headers->>'Authorization' = '" + token + "' FROM schedules.jobs WHERE name = 'hook'"), "t");
  EXPECT_EQ(CronJobs(p), "nightly|0 3 * * *|SELECT 1");

  // Invalid cron expressions are refused with the reason; nothing is written.
  EXPECT_NE(p.Fails({"schedules", "create", "bad", "--cron", "61 * * * *", "--sql", "SELECT 1"}, 3).find("minute value 61"),
            std::string::npos);
  EXPECT_NE(p.Fails({"schedules", "create", "bad", "--cron", "* * *", "--sql", "SELECT 1"}, 3).find("expected 5 fields"),
            std::string::npos);
  EXPECT_NE(p.Fails({"schedules", "create", "bad", "--cron", "0 0 * * fri-mon", "--sql", "SELECT 1"}, 3).find("backwards"),
            std::string::npos);
  p.Fails({"schedules", "create", "bad", "--cron", "* * * * *"}, 3);
  p.Fails({"schedules", "create", "bad", "--cron", "* * * * *", "--sql", "SELECT 1", "--function", "report"}, 3);
  p.Fails({"schedules", "create", "bad", "--cron", "* * * * *", "--function", "missing"}, 4);
  p.Fails({"schedules", "create", "bad", "--cron", "* * * * *", "--function", "report", "--body", "{nope"}, 3);
  p.Fails({"schedules", "create", "bad", "--cron", "* * * * *", "--function", "report", "--header", "novalue"}, 3);
  p.Fails({"schedules", "create", "nightly", "--cron", "* * * * *", "--sql", "SELECT 2"}, 5);
  p.Fails({"schedules", "update", "nightly", "--cron", "0 25 * * *"}, 3);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM schedules.jobs"), "2");
  EXPECT_EQ(CronJobs(p), "nightly|0 3 * * *|SELECT 1");

  // Update, pause, resume and delete keep cron.job in step.
  p.Ok({"schedules", "update", "nightly", "--cron", "*/10 * * * *", "--sql", "SELECT 2"});
  EXPECT_EQ(CronJobs(p), "nightly|*/10 * * * *|SELECT 2");
  EXPECT_EQ(p.Json({"schedules", "pause", "nightly"})["schedule"]["active"], false);
  EXPECT_EQ(CronJobs(p), "");
  p.Ok({"schedules", "resume", "nightly"});
  EXPECT_EQ(CronJobs(p), "nightly|*/10 * * * *|SELECT 2");
  // Switching a job to a function target removes its pg_cron job.
  p.Ok({"schedules", "update", "nightly", "--function", "report"});
  EXPECT_EQ(CronJobs(p), "");
  p.Ok({"schedules", "update", "nightly", "--sql", "SELECT 3"});
  EXPECT_EQ(CronJobs(p), "nightly|*/10 * * * *|SELECT 3");
  // A function in use by a schedule cannot be deleted.
  p.Fails({"functions", "delete", "report"}, 6);

  auto list = p.Json({"schedules", "list"});
  ASSERT_EQ(list["schedules"].size(), 2u);
  p.Ok({"schedules", "list"});
  p.Ok({"schedules", "get", "hook"});
  p.Json({"schedules", "get", "hook"});
  p.Ok({"schedules", "delete", "nightly"});
  p.Fails({"schedules", "delete", "nightly"}, 4);
  p.Fails({"schedules", "pause", "nightly"}, 4);
  EXPECT_EQ(CronJobs(p), "");
  EXPECT_EQ(p.transcript().find("hdr-Secret-5mQ2"), std::string::npos);
}

// pg_cron lives in pg_catalog: the URL's role starting its schema over with
// DROP SCHEMA public CASCADE leaves the schedules working. An instance whose
// pg_cron is still in public (made before platform migration 4) is moved on
// its next use, its jobs rebuilt from schedules.jobs.
TEST(PlatformSchedules, PgCronSurvivesDroppingPublicAndOldInstancesMoveIt) {
  PlatformProject p;
  p.Ok({"schedules", "create", "keep", "--cron", "0 4 * * *", "--sql", "SELECT 1"});
  EXPECT_EQ(p.Scalar("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_cron'"),
            "pg_catalog");
  p.Ok({"sql", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public"});
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'"), "1");
  EXPECT_EQ(CronJobs(p), "keep|0 4 * * *|SELECT 1");
  p.Ok({"schedules", "create", "more", "--cron", "0 5 * * *", "--sql", "SELECT 2"});
  EXPECT_EQ(CronJobs(p), "keep|0 4 * * *|SELECT 1\nmore|0 5 * * *|SELECT 2");

  // An instance as platform version 3 left it: pg_cron in public.
  {
    auto admin = p.home().Admin({"--project", p.name()});
    admin.ExecAll("DROP EXTENSION pg_cron; CREATE EXTENSION pg_cron SCHEMA public; "
                  "DELETE FROM system.platform_migrations WHERE version >= 4");
    EXPECT_EQ(admin.Exec("SELECT count(*) FROM cron.job").rows[0][0], "0");
  }
  p.Ok({"schedules", "list"});  // the next use migrates it
  EXPECT_EQ(p.Scalar("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_cron'"),
            "pg_catalog");
  EXPECT_EQ(CronJobs(p), "keep|0 4 * * *|SELECT 1\nmore|0 5 * * *|SELECT 2");
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM cron.job WHERE username = 'postgres' AND nodeport = "
                     "current_setting('port')::int"),
            "2");
}

TEST(PlatformSchedules, PgCronRunsAnSqlJob) {
  PlatformProject p;
  p.Ok({"sql", "-c", "CREATE TABLE ticks (at timestamptz NOT NULL DEFAULT now())"});
  p.Ok({"schedules", "create", "tick", "--cron", "* * * * *", "--sql", "INSERT INTO ticks DEFAULT VALUES"});
  // The job runs on this instance: pg_cron connects to its own port.
  EXPECT_EQ(p.Scalar("SELECT nodeport = current_setting('port')::int FROM cron.job WHERE jobname = 'tick'"), "t");
  // pg_cron starts jobs at minute boundaries: poll for up to two minutes.
  bool ran = WaitFor(std::chrono::seconds(150), [&] { return p.Scalar("SELECT count(*) FROM ticks") != "0"; });
  EXPECT_TRUE(ran) << "pg_cron did not run the job within 150 s: "
                   << p.Scalar("SELECT string_agg(status || ': ' || return_message, '; ') FROM cron.job_run_details");
  auto job = p.Json({"schedules", "get", "tick"});
  EXPECT_EQ(job["schedule"]["scheduled"], true);
  EXPECT_FALSE(job["schedule"]["last_run_at"].is_null());
  // Paused, it stops: cron.job no longer has it.
  p.Ok({"schedules", "pause", "tick"});
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM cron.job"), "0");
}

}  // namespace graft::testing
