// Engine calls for functions, email templates, schedules, migrations and raw
// SQL.
#include "common/error.h"
#include "engine/on_target.h"
#include "os/files.h"
#include "platform/cron.h"
#include "platform/resources.h"
#include "platform/templates.h"

namespace graft::engine {

namespace pf = graft::platform;
using detail::OnTarget;

namespace functions {

Reply List(Engine& eng, const TargetRef& at) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListFunctions(conn); });
}

Reply Get(Engine& eng, const TargetRef& at, const std::string& slug) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::GetFunction(conn, slug); });
}

Reply Deploy(Engine& eng, const TargetRef& at, const std::string& slug, const FunctionInput& in) {
  pf::ValidateResourceName("function", slug);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::DeployFunction(conn, slug, in); });
}

Reply Delete(Engine& eng, const TargetRef& at, const std::string& slug) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) {
    pf::DeleteFunction(conn, slug);
    return Json(slug);
  });
}

}  // namespace functions

namespace email {

Reply ListTemplates(Engine& eng, const TargetRef& at) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListTemplates(conn); });
}

Reply GetTemplate(Engine& eng, const TargetRef& at, const std::string& type) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::GetTemplate(conn, type); });
}

Reply SetTemplate(Engine& eng, const TargetRef& at, const std::string& type, const std::optional<std::string>& subject,
                  const std::optional<std::string>& body) {
  pf::FindTemplateType(type);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::SetTemplate(conn, type, subject, body); });
}

Reply RenderTemplate(Engine& eng, const TargetRef& at, const std::string& type,
                     const std::map<std::string, std::string>& vars) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::RenderTemplate(conn, type, vars); });
}

}  // namespace email

namespace schedules {

Reply List(Engine& eng, const TargetRef& at) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListJobs(conn); });
}

Reply Get(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::GetJob(conn, name); });
}

Reply Create(Engine& eng, const TargetRef& at, const std::string& name, const JobInput& in) {
  pf::ValidateResourceName("schedule", name);
  if (in.cron) pf::ValidateCron(*in.cron);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::CreateJob(conn, name, in); });
}

Reply Update(Engine& eng, const TargetRef& at, const std::string& name, const JobInput& in) {
  if (in.cron) pf::ValidateCron(*in.cron);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::UpdateJob(conn, name, in); });
}

Reply SetActive(Engine& eng, const TargetRef& at, const std::string& name, bool active) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::SetJobActive(conn, name, active); });
}

Reply Delete(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) {
    pf::DeleteJob(conn, name);
    return Json{{"name", name}, {"deleted", true}};
  });
}

}  // namespace schedules

namespace migrations {

std::string New(const std::string& dir, const std::string& name) { return pf::NewMigration(dir, name); }

Reply Apply(Engine& eng, const TargetRef& at, const std::string& dir, const std::vector<std::string>& files) {
  if (files.empty() && !os::IsDir(dir)) {
    Fail(ErrorKind::kNotFound, "migrations directory " + dir + " does not exist",
         "create one with 'graft migrations new NAME', or pass --dir");
  }
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ApplyMigrations(conn, dir, files); });
}

Reply List(Engine& eng, const TargetRef& at, const std::string& dir) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListMigrations(conn, dir); });
}

}  // namespace migrations

SqlReply RunSql(Engine& eng, const TargetRef& at, const std::string& sql) {
  Target t = eng.ResolveReady(at.project, at.branch);
  pg::Conn conn = eng.ConnectUser(t);  // the URL's role, not graft's superuser
  SqlReply out{t.display, {}};
  for (auto& r : conn.ExecAll(sql)) {
    out.results.push_back(SqlResult{std::move(r.command_tag), std::move(r.columns), std::move(r.rows)});
  }
  return out;
}

}  // namespace graft::engine
