// graft auth settings|providers
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"

namespace graft::cli::platform_cmd {

namespace {

struct ProviderFlags {
  std::string name, client_id, client_secret, client_secret_file, scopes, redirect_url, enabled;
  CLI::Option *client_id_o, *secret_o, *secret_file_o, *scopes_o, *redirect_o, *enabled_o;
};

std::shared_ptr<ProviderFlags> AddProviderFlags(CLI::App* cmd) {
  auto f = std::make_shared<ProviderFlags>();
  cmd->add_option("NAME", f->name, "provider name (google, github, ...)")->required();
  f->client_id_o = cmd->add_option("--client-id", f->client_id, "OAuth client id");
  f->secret_file_o = cmd->add_option("--client-secret-file", f->client_secret_file,
                                     "file holding the OAuth client secret ('-' for stdin)");
  f->secret_o = cmd->add_option("--client-secret", f->client_secret,
                                "OAuth client secret (prefer --client-secret-file: arguments are visible to other users)");
  f->scopes_o = cmd->add_option("--scopes", f->scopes, "scopes, comma or space separated");
  f->redirect_o = cmd->add_option("--redirect-url", f->redirect_url, "redirect (callback) URL; empty to clear");
  f->enabled_o = cmd->add_option("--enabled", f->enabled, "true or false");
  return f;
}

engine::ProviderInput ToInput(const ProviderFlags& f) {
  engine::ProviderInput in;
  in.client_id = Given(f.client_id_o, f.client_id);
  if (f.secret_o->count() && f.secret_file_o->count()) {
    Fail(ErrorKind::kUsage, "pass --client-secret or --client-secret-file, not both");
  }
  in.client_secret = Given(f.secret_o, f.client_secret);
  if (f.secret_file_o->count()) {
    std::string s = ReadInput("client secret file", f.client_secret_file);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    in.client_secret = s;
  }
  if (f.scopes_o->count()) in.scopes = engine::SplitList(f.scopes);
  in.redirect_url = Given(f.redirect_o, f.redirect_url);
  if (f.enabled_o->count()) in.enabled = engine::ParseBool("--enabled", f.enabled);
  return in;
}

const std::vector<std::string> kProviderCols = {"name", "client_id", "client_secret", "scopes", "redirect_url", "enabled"};

}  // namespace

void RegisterAuth(CLI::App& app, Globals& g) {
  auto* auth = app.add_subcommand("auth", "auth settings and OAuth providers");
  auth->require_subcommand(1);
  AddSettingsCommands(auth, g, "auth");

  auto* providers = auth->add_subcommand("providers", "OAuth providers");
  providers->require_subcommand(1);

  auto* list = providers->add_subcommand("list", "list OAuth providers");
  auto lt = AddTargetFlags(list);
  list->callback([&g, lt] {
    auto r = engine::auth::ListProviders(*OpenEngine(g), Ref(*lt));
    Emit(g, Json{{"target", r.target}, {"providers", r.value}}, [&] { PrintTable(r.value, kProviderCols); });
  });

  auto* get = providers->add_subcommand("get", "show one OAuth provider");
  auto gt = AddTargetFlags(get);
  auto gname = std::make_shared<std::string>();
  get->add_option("NAME", *gname, "provider name")->required();
  get->callback([&g, gt, gname] {
    auto r = engine::auth::GetProvider(*OpenEngine(g), Ref(*gt), *gname);
    Emit(g, Json{{"target", r.target}, {"provider", r.value}}, [&] { PrintObject(r.value); });
  });

  auto* add = providers->add_subcommand("add", "add an OAuth provider");
  auto at = AddTargetFlags(add);
  auto af = AddProviderFlags(add);
  add->callback([&g, at, af] {
    auto in = ToInput(*af);
    auto r = engine::auth::AddProvider(*OpenEngine(g), Ref(*at), af->name, in);
    Emit(g, Json{{"target", r.target}, {"provider", r.value}},
         [&] { std::cout << "added auth provider " << af->name << " on " << r.target << "\n"; });
  });

  auto* update = providers->add_subcommand("update", "change an OAuth provider");
  auto ut = AddTargetFlags(update);
  auto uf = AddProviderFlags(update);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    auto r = engine::auth::UpdateProvider(*OpenEngine(g), Ref(*ut), uf->name, in);
    Emit(g, Json{{"target", r.target}, {"provider", r.value}},
         [&] { std::cout << "updated auth provider " << uf->name << " on " << r.target << "\n"; });
  });

  auto* remove = providers->add_subcommand("remove", "remove an OAuth provider");
  auto rt = AddTargetFlags(remove);
  auto rname = std::make_shared<std::string>();
  remove->add_option("NAME", *rname, "provider name")->required();
  remove->callback([&g, rt, rname] {
    auto r = engine::auth::RemoveProvider(*OpenEngine(g), Ref(*rt), *rname);
    Emit(g, Json{{"target", r.target}, {"removed", *rname}},
         [&] { std::cout << "removed auth provider " << *rname << " from " << r.target << "\n"; });
  });
}

}  // namespace graft::cli::platform_cmd
