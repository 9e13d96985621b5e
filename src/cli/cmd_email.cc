// graft email settings|templates
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"

namespace graft::cli::platform_cmd {

void RegisterEmail(CLI::App& app, Globals& g) {
  auto* email = app.add_subcommand("email", "email settings and templates");
  email->require_subcommand(1);
  AddSettingsCommands(email, g, "email");

  auto* templates = email->add_subcommand("templates", "email templates");
  templates->require_subcommand(1);

  auto* list = templates->add_subcommand("list", "list the template types and whether they are customized");
  auto lt = AddTargetFlags(list);
  list->callback([&g, lt] {
    auto rep = engine::email::ListTemplates(*OpenEngine(g), Ref(*lt));
    Emit(g, Json{{"target", rep.target}, {"templates", rep.value}}, [&] {
      Json view = Json::array();
      for (auto r : rep.value) {
        r["source"] = r["is_default"].get<bool>() ? "default" : "custom";
        view.push_back(r);
      }
      PrintTable(view, {"type", "source", "subject", "description"});
    });
  });

  auto* get = templates->add_subcommand("get", "show a template");
  auto gt = AddTargetFlags(get);
  auto gtype = std::make_shared<std::string>();
  get->add_option("TYPE", *gtype, "template type")->required();
  get->callback([&g, gt, gtype] {
    auto rep = engine::email::GetTemplate(*OpenEngine(g), Ref(*gt), *gtype);
    const Json& r = rep.value;
    Emit(g, Json{{"target", rep.target}, {"template", r}}, [&] {
      PrintObject(r, {"type", "description", "placeholders", "is_default", "subject"});
      std::cout << "---\n" << r["body"].get<std::string>();
    });
  });

  auto* set = templates->add_subcommand("set", "set a template's subject and/or body");
  auto st = AddTargetFlags(set);
  struct SetFlags {
    std::string type, subject, body_file;
    CLI::Option *subject_o, *body_o;
  };
  auto sf = std::make_shared<SetFlags>();
  set->add_option("TYPE", sf->type, "template type")->required();
  sf->subject_o = set->add_option("--subject", sf->subject, "subject line");
  sf->body_o = set->add_option("--body-file", sf->body_file, "file holding the body ('-' for stdin)");
  set->callback([&g, st, sf] {
    std::optional<std::string> body;
    if (sf->body_o->count()) body = ReadInput("body file", sf->body_file);
    auto r = engine::email::SetTemplate(*OpenEngine(g), Ref(*st), sf->type, Given(sf->subject_o, sf->subject), body);
    Emit(g, Json{{"target", r.target}, {"template", r.value}},
         [&] { std::cout << "set email template " << sf->type << " on " << r.target << "\n"; });
  });

  auto* render = templates->add_subcommand("render", "render a template with sample or given values");
  auto rt = AddTargetFlags(render);
  auto rtype = std::make_shared<std::string>();
  auto vars = std::make_shared<std::vector<std::string>>();
  render->add_option("TYPE", *rtype, "template type")->required();
  render->add_option("--var", *vars, "placeholder value k=v (repeatable)");
  render->callback([&g, rt, rtype, vars] {
    std::map<std::string, std::string> m;
    for (const auto& v : *vars) {
      auto [k, val] = engine::ParseAssignment("--var", v);
      m[k] = val;
    }
    auto rep = engine::email::RenderTemplate(*OpenEngine(g), Ref(*rt), *rtype, m);
    Json r = rep.value;
    r["target"] = rep.target;
    Emit(g, r, [&] {
      std::cout << "Subject: " << r["subject"].get<std::string>() << "\n\n" << r["body"].get<std::string>();
    });
  });
}

}  // namespace graft::cli::platform_cmd
