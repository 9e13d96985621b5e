// graft functions list|deploy|get|delete
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"

namespace graft::cli::platform_cmd {

void RegisterFunctions(CLI::App& app, Globals& g) {
  auto* fns = app.add_subcommand("functions", "edge function definitions and source");
  fns->require_subcommand(1);
  const std::vector<std::string> cols = {"slug", "name", "status", "version", "size", "checksum", "updated_at"};

  auto* list = fns->add_subcommand("list", "list functions");
  auto lt = AddTargetFlags(list);
  list->callback([&g, lt, cols] {
    auto r = engine::functions::List(*OpenEngine(g), Ref(*lt));
    Emit(g, Json{{"target", r.target}, {"functions", r.value}}, [&] { PrintTable(r.value, cols); });
  });

  auto* deploy = fns->add_subcommand("deploy", "create or update a function from a source file");
  auto dt = AddTargetFlags(deploy);
  struct DeployFlags {
    std::string slug, file, name, verify_jwt, status;
    CLI::Option *name_o, *verify_o, *status_o;
  };
  auto df = std::make_shared<DeployFlags>();
  deploy->add_option("SLUG", df->slug, "function slug")->required();
  deploy->add_option("--file,-f", df->file, "source file ('-' for stdin)")->required();
  df->name_o = deploy->add_option("--name", df->name, "display name (default: the slug)");
  df->verify_o = deploy->add_option("--verify-jwt", df->verify_jwt, "require a valid JWT to invoke (true/false)");
  df->status_o = deploy->add_option("--status", df->status, "active or inactive");
  deploy->callback([&g, dt, df] {
    engine::FunctionInput in;
    in.source = ReadInput("source file", df->file, kMaxFunctionSourceBytes);
    in.name = Given(df->name_o, df->name);
    if (df->verify_o->count()) in.verify_jwt = engine::ParseBool("--verify-jwt", df->verify_jwt);
    in.status = Given(df->status_o, df->status);
    auto rep = engine::functions::Deploy(*OpenEngine(g), Ref(*dt), df->slug, in);
    Json r = rep.value;
    r["target"] = rep.target;
    Emit(g, r, [&] {
      std::cout << r["action"].get<std::string>() << " function " << df->slug << " (version "
                << r["function"]["version"] << ", checksum " << r["function"]["checksum"].get<std::string>().substr(0, 12)
                << ") on " << rep.target << "\n";
    });
  });

  auto* get = fns->add_subcommand("get", "show a function and its source");
  auto gt = AddTargetFlags(get);
  auto gslug = std::make_shared<std::string>();
  auto source_only = std::make_shared<bool>(false);
  get->add_option("SLUG", *gslug, "function slug")->required();
  get->add_flag("--source", *source_only, "print the source only");
  get->callback([&g, gt, gslug, source_only] {
    auto r = engine::functions::Get(*OpenEngine(g), Ref(*gt), *gslug);
    const Json& f = r.value;
    Emit(g, Json{{"target", r.target}, {"function", f}}, [&] {
      if (!*source_only) {
        PrintObject(f, {"slug", "name", "status", "verify_jwt", "version", "size", "checksum", "created_at", "updated_at"});
        std::cout << "---\n";
      }
      std::cout << f["source"].get<std::string>();
      std::cout.flush();
    });
  });

  auto* del = fns->add_subcommand("delete", "delete a function");
  auto xt = AddTargetFlags(del);
  auto xslug = std::make_shared<std::string>();
  del->add_option("SLUG", *xslug, "function slug")->required();
  del->callback([&g, xt, xslug] {
    auto r = engine::functions::Delete(*OpenEngine(g), Ref(*xt), *xslug);
    Emit(g, Json{{"target", r.target}, {"deleted", *xslug}},
         [&] { std::cout << "deleted function " << *xslug << " from " << r.target << "\n"; });
  });
}

}  // namespace graft::cli::platform_cmd
