// schedules.jobs. The table's trigger (sql/platform/001_init.sql) keeps
// pg_cron's cron.job in step with it in the same transaction, so this file
// only writes rows.
#include <cctype>

#include "common/error.h"
#include "common/text.h"
#include "platform/cron.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "pg/transaction.h"
#include "platform/validate.h"

namespace graft::platform {

namespace {

const char* kJobSelect =
    "SELECT s.name, s.cron, s.target, s.sql, s.function_slug, s.body, s.headers, s.active, "
    "s.created_at, s.updated_at, j.jobid IS NOT NULL AS scheduled, "
    "(SELECT d.start_time FROM cron.job_run_details d WHERE d.jobid = j.jobid "
    "  ORDER BY d.start_time DESC NULLS LAST LIMIT 1) AS last_run_at, "
    "(SELECT d.status FROM cron.job_run_details d WHERE d.jobid = j.jobid "
    "  ORDER BY d.start_time DESC NULLS LAST LIMIT 1) AS last_status "
    "FROM schedules.jobs s LEFT JOIN cron.job j ON j.jobname = s.name";

bool HeaderNameOk(const std::string& n) {
  if (n.empty() || n.size() > 256) return false;
  for (char c : n) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || std::string("!#$%&'*+.^_`|~-").find(c) != std::string::npos;
    if (!ok) return false;
  }
  return true;
}

struct Resolved {
  std::optional<std::string> body;     // JSON text
  std::optional<std::string> headers;  // JSON object text
};

Resolved ValidateJobInput(pg::Conn& conn, const std::string& name, const JobInput& in) {
  if (in.cron) ValidateCron(*in.cron);
  if (in.sql && in.function_slug) {
    Fail(ErrorKind::kUsage, "schedule " + name + " can target SQL or a function, not both", "pass --sql or --function");
  }
  if (in.sql && (in.sql->find_first_not_of(" \t\r\n;") == std::string::npos)) {
    Fail(ErrorKind::kUsage, "the SQL of schedule " + name + " is empty");
  }
  if (in.sql && (in.body || in.headers)) {
    Fail(ErrorKind::kUsage, "--body and --header apply to function targets only (schedule " + name + ")");
  }
  Resolved r;
  if (in.function_slug) {
    ValidateResourceName("function", *in.function_slug);
    auto f = conn.Exec("SELECT 1 FROM functions.functions WHERE slug = $1", {*in.function_slug});
    if (f.rows.empty()) {
      Fail(ErrorKind::kNotFound, "function " + *in.function_slug + " not found (target of schedule " + name + ")",
           "deploy it first with 'graft functions deploy " + *in.function_slug + " --file F'");
    }
  }
  if (in.body) {
    try {
      r.body = nlohmann::json::parse(*in.body).dump();
    } catch (const std::exception&) {
      Fail(ErrorKind::kUsage, "the body of schedule " + name + " is not valid JSON");
    }
  }
  if (in.headers) {
    nlohmann::json h = nlohmann::json::object();
    for (const auto& kv : *in.headers) {
      auto [k, v] = ParseAssignment("header of schedule " + name, kv);
      if (!HeaderNameOk(k)) Fail(ErrorKind::kUsage, "invalid header name " + Quoted(k) + " in schedule " + name);
      if (v.find_first_of("\r\n") != std::string::npos) {
        Fail(ErrorKind::kUsage, "the value of header " + k + " in schedule " + name + " spans several lines");
      }
      h[k] = v;
    }
    r.headers = h.dump();
  }
  return r;
}

}  // namespace

Json ListJobs(pg::Conn& conn) {
  return QueryRows(conn, Table("schedules", "jobs"), std::string(kJobSelect) + " ORDER BY s.name");
}

Json GetJob(pg::Conn& conn, const std::string& name) {
  auto rows = QueryRows(conn, Table("schedules", "jobs"), std::string(kJobSelect) + " WHERE s.name = $1", {name});
  if (rows.empty()) Fail(ErrorKind::kNotFound, "schedule " + Quoted(name) + " not found", "list them with 'graft schedules list'");
  return rows[0];
}

Json CreateJob(pg::Conn& conn, const std::string& name, const JobInput& in) {
  ValidateResourceName("schedule", name);
  if (!in.cron) Fail(ErrorKind::kUsage, "schedule " + name + " needs a cron expression", "pass --cron EXPR");
  if (!in.sql && !in.function_slug) {
    Fail(ErrorKind::kUsage, "schedule " + name + " needs a target", "pass --sql SQL or --function SLUG");
  }
  Resolved r = ValidateJobInput(conn, name, in);
  pg::Transaction tx(conn);
  auto res = conn.Exec(
      "INSERT INTO schedules.jobs (name, cron, target, sql, function_slug, body, headers) "
      "VALUES ($1, $2, $3, $4, $5, $6::jsonb, coalesce($7::jsonb, '{}')) ON CONFLICT (name) DO NOTHING",
      {name, *in.cron, in.sql ? "sql" : "function", in.sql, in.function_slug, r.body, r.headers});
  if (res.command_tag != "INSERT 0 1") {
    Fail(ErrorKind::kAlreadyExists, "schedule " + name + " already exists",
         "change it with 'graft schedules update " + name + "'");
  }
  tx.Commit();
  return GetJob(conn, name);
}

Json UpdateJob(pg::Conn& conn, const std::string& name, const JobInput& in) {
  if (!in.cron && !in.sql && !in.function_slug && !in.body && !in.headers) {
    Fail(ErrorKind::kUsage, "nothing to update for schedule " + name, "pass --cron, --sql, --function, --body or --header");
  }
  Resolved r = ValidateJobInput(conn, name, in);
  pg::Transaction tx(conn);
  auto cur = conn.Exec("SELECT target FROM schedules.jobs WHERE name = $1 FOR UPDATE", {name});
  if (cur.rows.empty()) Fail(ErrorKind::kNotFound, "schedule " + Quoted(name) + " not found");
  std::string target = in.sql ? "sql" : in.function_slug ? "function" : cur.rows[0][0].value_or("");
  if (target == "sql" && (in.body || in.headers)) {
    Fail(ErrorKind::kUsage, "--body and --header apply to function targets only (schedule " + name + " runs SQL)");
  }
  if (in.sql) {
    conn.Exec("UPDATE schedules.jobs SET target = 'sql', sql = $2, function_slug = NULL, body = NULL, headers = '{}' "
              "WHERE name = $1", {name, in.sql});
  } else if (in.function_slug) {
    conn.Exec("UPDATE schedules.jobs SET target = 'function', sql = NULL, function_slug = $2 WHERE name = $1",
              {name, in.function_slug});
  }
  conn.Exec(
      "UPDATE schedules.jobs SET cron = coalesce($2, cron), body = coalesce($3::jsonb, body), "
      "headers = coalesce($4::jsonb, headers), updated_at = now() WHERE name = $1",
      {name, in.cron, r.body, r.headers});
  tx.Commit();
  return GetJob(conn, name);
}

Json SetJobActive(pg::Conn& conn, const std::string& name, bool active) {
  auto r = conn.Exec("UPDATE schedules.jobs SET active = $2::boolean, updated_at = now() WHERE name = $1",
                     {name, active ? "true" : "false"});
  if (r.command_tag != "UPDATE 1") Fail(ErrorKind::kNotFound, "schedule " + Quoted(name) + " not found");
  return GetJob(conn, name);
}

void DeleteJob(pg::Conn& conn, const std::string& name) {
  auto r = conn.Exec("DELETE FROM schedules.jobs WHERE name = $1", {name});
  if (r.command_tag != "DELETE 1") Fail(ErrorKind::kNotFound, "schedule " + Quoted(name) + " not found");
}

}  // namespace graft::platform
