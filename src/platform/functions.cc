// functions.functions: edge function definitions and source.
#include "common/crypto.h"
#include "common/text.h"
#include "common/error.h"
#include "common/limits.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "pg/transaction.h"
#include "platform/validate.h"

namespace graft::platform {

namespace {

constexpr size_t kMaxSource = kMaxFunctionSourceBytes;
const char* kMetaColumns = "slug, name, checksum, status, verify_jwt, version, created_at, updated_at, length(source) AS size";

}  // namespace

Json ListFunctions(pg::Conn& conn) {
  return QueryRows(conn, Table("functions", "functions"),
                   std::string("SELECT ") + kMetaColumns + " FROM functions.functions ORDER BY slug");
}

Json GetFunction(pg::Conn& conn, const std::string& slug) {
  auto rows = QueryRows(conn, Table("functions", "functions"),
                        std::string("SELECT ") + kMetaColumns + ", source FROM functions.functions WHERE slug = $1",
                        {slug});
  if (rows.empty()) {
    Fail(ErrorKind::kNotFound, "function " + Quoted(slug) + " not found", "deploy it with 'graft functions deploy " + slug + " --file F'");
  }
  return rows[0];
}

Json DeployFunction(pg::Conn& conn, const std::string& slug, const FunctionInput& in) {
  ValidateResourceName("function", slug);
  if (in.source.empty()) Fail(ErrorKind::kUsage, "the source of function " + slug + " is empty");
  if (in.source.size() > kMaxSource) {
    Fail(ErrorKind::kUsage, "the source of function " + slug + " is larger than 10 MiB");
  }
  if (in.source.find('\0') != std::string::npos) {
    Fail(ErrorKind::kUsage, "the source of function " + slug + " is not text (it contains a NUL byte)");
  }
  if (in.name && (in.name->empty() || in.name->size() > 200)) {
    Fail(ErrorKind::kUsage, "invalid name of function " + slug + ": it must be 1 to 200 characters");
  }
  if (in.status && *in.status != "active" && *in.status != "inactive") {
    Fail(ErrorKind::kUsage, "invalid status " + Quoted(*in.status) + " of function " + slug, "use active or inactive");
  }
  std::string checksum = Sha256Hex(in.source);
  std::string action;
  {
    pg::Transaction tx(conn);
    auto prev = conn.Exec(
        "SELECT checksum, name, verify_jwt::text, status FROM functions.functions WHERE slug = $1 FOR UPDATE", {slug});
    if (prev.rows.empty()) {
      conn.Exec(
          "INSERT INTO functions.functions (slug, name, source, checksum, status, verify_jwt) "
          "VALUES ($1, $2, $3, $4, $5, $6::boolean)",
          {slug, in.name.value_or(slug), in.source, checksum, in.status.value_or("active"),
           in.verify_jwt.value_or(true) ? "true" : "false"});
      action = "created";
    } else {
      const auto& row = prev.rows[0];
      bool same = row[0] == checksum && (!in.name || row[1] == *in.name) &&
                  (!in.verify_jwt || row[2] == std::string(*in.verify_jwt ? "true" : "false")) &&
                  (!in.status || row[3] == *in.status);
      if (same) {
        action = "unchanged";
      } else {
        conn.Exec(
            "UPDATE functions.functions SET source = $2, checksum = $3, name = coalesce($4, name), "
            "verify_jwt = coalesce($5::boolean, verify_jwt), status = coalesce($6, status), "
            "version = version + 1, updated_at = now() WHERE slug = $1",
            {slug, in.source, checksum, in.name,
             in.verify_jwt ? std::optional<std::string>(*in.verify_jwt ? "true" : "false") : std::nullopt, in.status});
        action = "updated";
      }
    }
    tx.Commit();
  }
  Json f = GetFunction(conn, slug);
  f.erase("source");
  return Json{{"action", action}, {"function", f}};
}

void DeleteFunction(pg::Conn& conn, const std::string& slug) {
  pg::Transaction tx(conn);
  auto jobs = conn.Exec("SELECT name FROM schedules.jobs WHERE function_slug = $1 ORDER BY name", {slug});
  if (!jobs.rows.empty()) {
    Fail(ErrorKind::kWrongState,
         "function " + slug + " is used by schedule " + jobs.rows[0][0].value_or(""),
         "delete or change the schedules that call it first");
  }
  auto r = conn.Exec("DELETE FROM functions.functions WHERE slug = $1", {slug});
  if (r.command_tag != "DELETE 1") Fail(ErrorKind::kNotFound, "function " + Quoted(slug) + " not found");
  tx.Commit();
}

}  // namespace graft::platform
