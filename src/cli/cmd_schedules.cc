// graft schedules list|get|create|update|pause|resume|delete
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"
#include "platform/cron.h"
#include "platform/resources.h"
#include "platform/validate.h"

namespace graft::cli::platform_cmd {

namespace {

namespace pf = graft::platform;

struct JobFlags {
  std::string name, cron, sql, function, body;
  std::vector<std::string> headers, header_files;
  CLI::Option *cron_o, *sql_o, *function_o, *body_o, *headers_o, *header_files_o;
};

std::shared_ptr<JobFlags> AddJobFlags(CLI::App* cmd) {
  auto f = std::make_shared<JobFlags>();
  cmd->add_option("NAME", f->name, "schedule name")->required();
  f->cron_o = cmd->add_option("--cron", f->cron, "cron expression (5 fields, e.g. \"*/5 * * * *\")");
  f->sql_o = cmd->add_option("--sql", f->sql, "SQL to run on the instance (through pg_cron)");
  f->function_o = cmd->add_option("--function", f->function, "edge function to call (stored, not run by graft)");
  f->body_o = cmd->add_option("--body", f->body, "JSON body for the function");
  f->headers_o = cmd->add_option("--header", f->headers, "K=V header for the function (repeatable; values are secret)");
  f->header_files_o = cmd->add_option("--header-file", f->header_files,
                                      "K=FILE: header K with its value read from FILE ('-' for stdin), so that a "
                                      "secret never appears in the command line (repeatable)");
  return f;
}

pf::JobInput ToInput(const JobFlags& f) {
  pf::JobInput in;
  in.cron = Given(f.cron_o, f.cron);
  in.sql = Given(f.sql_o, f.sql);
  in.function_slug = Given(f.function_o, f.function);
  in.body = Given(f.body_o, f.body);
  if (f.headers_o->count() || f.header_files_o->count()) {
    in.headers = f.headers;
    for (const auto& a : f.header_files) {
      auto [key, file] = pf::ParseAssignment("--header-file", a);
      in.headers->push_back(key + "=" + ReadSecret("header file", file));
    }
  }
  return in;
}

void Simple(CLI::App* parent, Globals& g, const std::string& verb, const std::string& help,
            const std::function<Json(pg::Conn&, const std::string&)>& op, const std::string& done) {
  auto* cmd = parent->add_subcommand(verb, help);
  auto t = AddTargetFlags(cmd);
  auto name = std::make_shared<std::string>();
  cmd->add_option("NAME", *name, "schedule name")->required();
  cmd->callback([&g, t, name, op, done] {
    WithTarget(g, *t, [&](engine::Engine&, const engine::Target& tg, pg::Conn& conn) {
      Json j = op(conn, *name);
      Emit(g, Json{{"target", tg.display}, {"schedule", j}},
           [&] { std::cout << done << " schedule " << *name << " on " << tg.display << "\n"; });
    });
  });
}

}  // namespace

void RegisterSchedules(CLI::App& app, Globals& g) {
  auto* sch = app.add_subcommand("schedules", "cron jobs (SQL jobs run through pg_cron)");
  sch->require_subcommand(1);
  const std::vector<std::string> cols = {"name", "cron", "target", "active", "scheduled", "last_status", "last_run_at"};

  auto* list = sch->add_subcommand("list", "list schedules");
  auto lt = AddTargetFlags(list);
  list->callback([&g, lt, cols] {
    WithTarget(g, *lt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json rows = pf::ListJobs(conn);
      Emit(g, Json{{"target", t.display}, {"schedules", rows}}, [&] { PrintTable(rows, cols); });
    });
  });

  auto* get = sch->add_subcommand("get", "show a schedule");
  auto gt = AddTargetFlags(get);
  auto gname = std::make_shared<std::string>();
  get->add_option("NAME", *gname, "schedule name")->required();
  get->callback([&g, gt, gname] {
    WithTarget(g, *gt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json j = pf::GetJob(conn, *gname);
      Emit(g, Json{{"target", t.display}, {"schedule", j}}, [&] { PrintObject(j); });
    });
  });

  auto* create = sch->add_subcommand("create", "create a schedule");
  auto ct = AddTargetFlags(create);
  auto cf = AddJobFlags(create);
  create->callback([&g, ct, cf] {
    pf::ValidateResourceName("schedule", cf->name);
    auto in = ToInput(*cf);
    if (in.cron) pf::ValidateCron(*in.cron);
    WithTarget(g, *ct, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json j = pf::CreateJob(conn, cf->name, in);
      Emit(g, Json{{"target", t.display}, {"schedule", j}}, [&] {
        std::cout << "created schedule " << cf->name << " (" << j["cron"].get<std::string>() << ", "
                  << j["target"].get<std::string>() << ") on " << t.display << "\n";
      });
    });
  });

  auto* update = sch->add_subcommand("update", "change a schedule");
  auto ut = AddTargetFlags(update);
  auto uf = AddJobFlags(update);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    if (in.cron) pf::ValidateCron(*in.cron);
    WithTarget(g, *ut, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json j = pf::UpdateJob(conn, uf->name, in);
      Emit(g, Json{{"target", t.display}, {"schedule", j}},
           [&] { std::cout << "updated schedule " << uf->name << " on " << t.display << "\n"; });
    });
  });

  Simple(sch, g, "pause", "stop running a schedule (kept)",
         [](pg::Conn& c, const std::string& n) { return pf::SetJobActive(c, n, false); }, "paused");
  Simple(sch, g, "resume", "run a paused schedule again",
         [](pg::Conn& c, const std::string& n) { return pf::SetJobActive(c, n, true); }, "resumed");
  Simple(sch, g, "delete", "delete a schedule",
         [](pg::Conn& c, const std::string& n) {
           pf::DeleteJob(c, n);
           return Json{{"name", n}, {"deleted", true}};
         },
         "deleted");
}

}  // namespace graft::cli::platform_cmd
