// graft schedules list|get|create|update|pause|resume|delete
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"

namespace graft::cli::platform_cmd {

namespace {

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

engine::JobInput ToInput(const JobFlags& f) {
  engine::JobInput in;
  in.cron = Given(f.cron_o, f.cron);
  in.sql = Given(f.sql_o, f.sql);
  in.function_slug = Given(f.function_o, f.function);
  in.body = Given(f.body_o, f.body);
  if (f.headers_o->count() || f.header_files_o->count()) {
    in.headers = f.headers;
    for (const auto& a : f.header_files) {
      auto [key, file] = engine::ParseAssignment("--header-file", a);
      in.headers->push_back(key + "=" + ReadSecret("header file", file));
    }
  }
  return in;
}

using NameOp = std::function<engine::Reply(engine::Engine&, const engine::TargetRef&, const std::string&)>;

void Simple(CLI::App* parent, Globals& g, const std::string& verb, const std::string& help, const NameOp& op,
            const std::string& done) {
  auto* cmd = parent->add_subcommand(verb, help);
  auto t = AddTargetFlags(cmd);
  auto name = std::make_shared<std::string>();
  cmd->add_option("NAME", *name, "schedule name")->required();
  cmd->callback([&g, t, name, op, done] {
    auto r = op(*OpenEngine(g), Ref(*t), *name);
    Emit(g, Json{{"target", r.target}, {"schedule", r.value}},
         [&] { std::cout << done << " schedule " << *name << " on " << r.target << "\n"; });
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
    auto r = engine::schedules::List(*OpenEngine(g), Ref(*lt));
    Emit(g, Json{{"target", r.target}, {"schedules", r.value}}, [&] { PrintTable(r.value, cols); });
  });

  auto* get = sch->add_subcommand("get", "show a schedule");
  auto gt = AddTargetFlags(get);
  auto gname = std::make_shared<std::string>();
  get->add_option("NAME", *gname, "schedule name")->required();
  get->callback([&g, gt, gname] {
    auto r = engine::schedules::Get(*OpenEngine(g), Ref(*gt), *gname);
    Emit(g, Json{{"target", r.target}, {"schedule", r.value}}, [&] { PrintObject(r.value); });
  });

  auto* create = sch->add_subcommand("create", "create a schedule");
  auto ct = AddTargetFlags(create);
  auto cf = AddJobFlags(create);
  create->callback([&g, ct, cf] {
    auto in = ToInput(*cf);
    auto r = engine::schedules::Create(*OpenEngine(g), Ref(*ct), cf->name, in);
    const Json& j = r.value;
    Emit(g, Json{{"target", r.target}, {"schedule", j}}, [&] {
      std::cout << "created schedule " << cf->name << " (" << j["cron"].get<std::string>() << ", "
                << j["target"].get<std::string>() << ") on " << r.target << "\n";
    });
  });

  auto* update = sch->add_subcommand("update", "change a schedule");
  auto ut = AddTargetFlags(update);
  auto uf = AddJobFlags(update);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    auto r = engine::schedules::Update(*OpenEngine(g), Ref(*ut), uf->name, in);
    Emit(g, Json{{"target", r.target}, {"schedule", r.value}},
         [&] { std::cout << "updated schedule " << uf->name << " on " << r.target << "\n"; });
  });

  Simple(sch, g, "pause", "stop running a schedule (kept)",
         [](engine::Engine& e, const engine::TargetRef& at, const std::string& n) {
           return engine::schedules::SetActive(e, at, n, false);
         },
         "paused");
  Simple(sch, g, "resume", "run a paused schedule again",
         [](engine::Engine& e, const engine::TargetRef& at, const std::string& n) {
           return engine::schedules::SetActive(e, at, n, true);
         },
         "resumed");
  Simple(sch, g, "delete", "delete a schedule", engine::schedules::Delete, "deleted");
}

}  // namespace graft::cli::platform_cmd
