// graft realtime settings|channels
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"

namespace graft::cli::platform_cmd {

namespace {

struct ChannelFlags {
  std::string name, pattern, description, enabled;
  CLI::Option *pattern_o, *description_o, *enabled_o;
};

std::shared_ptr<ChannelFlags> AddChannelFlags(CLI::App* cmd) {
  auto f = std::make_shared<ChannelFlags>();
  cmd->add_option("NAME", f->name, "channel name")->required();
  f->pattern_o = cmd->add_option("--pattern", f->pattern, "topic pattern, '*' as wildcard (default: the name)");
  f->description_o = cmd->add_option("--description", f->description, "description");
  f->enabled_o = cmd->add_option("--enabled", f->enabled, "true or false");
  return f;
}

engine::ChannelInput ToInput(const ChannelFlags& f) {
  engine::ChannelInput in;
  in.pattern = Given(f.pattern_o, f.pattern);
  in.description = Given(f.description_o, f.description);
  if (f.enabled_o->count()) in.enabled = engine::ParseBool("--enabled", f.enabled);
  return in;
}

}  // namespace

void RegisterRealtime(CLI::App& app, Globals& g) {
  auto* rt = app.add_subcommand("realtime", "realtime settings and channels");
  rt->require_subcommand(1);
  AddSettingsCommands(rt, g, "realtime");

  auto* channels = rt->add_subcommand("channels", "realtime channels");
  channels->require_subcommand(1);
  const std::vector<std::string> cols = {"name", "pattern", "enabled", "description"};

  auto* list = channels->add_subcommand("list", "list channels");
  auto lt = AddTargetFlags(list);
  list->callback([&g, lt, cols] {
    auto r = engine::realtime::ListChannels(*OpenEngine(g), Ref(*lt));
    Emit(g, Json{{"target", r.target}, {"channels", r.value}}, [&] { PrintTable(r.value, cols); });
  });

  auto* add = channels->add_subcommand("add", "add a channel");
  auto at = AddTargetFlags(add);
  auto af = AddChannelFlags(add);
  add->callback([&g, at, af] {
    auto in = ToInput(*af);
    auto r = engine::realtime::AddChannel(*OpenEngine(g), Ref(*at), af->name, in);
    Emit(g, Json{{"target", r.target}, {"channel", r.value}},
         [&] { std::cout << "added realtime channel " << af->name << " on " << r.target << "\n"; });
  });

  auto* update = channels->add_subcommand("update", "change a channel");
  auto ut = AddTargetFlags(update);
  auto uf = AddChannelFlags(update);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    auto r = engine::realtime::UpdateChannel(*OpenEngine(g), Ref(*ut), uf->name, in);
    Emit(g, Json{{"target", r.target}, {"channel", r.value}},
         [&] { std::cout << "updated realtime channel " << uf->name << " on " << r.target << "\n"; });
  });

  auto* remove = channels->add_subcommand("remove", "remove a channel");
  auto xt = AddTargetFlags(remove);
  auto xname = std::make_shared<std::string>();
  remove->add_option("NAME", *xname, "channel name")->required();
  remove->callback([&g, xt, xname] {
    auto r = engine::realtime::RemoveChannel(*OpenEngine(g), Ref(*xt), *xname);
    Emit(g, Json{{"target", r.target}, {"removed", *xname}},
         [&] { std::cout << "removed realtime channel " << *xname << " from " << r.target << "\n"; });
  });
}

}  // namespace graft::cli::platform_cmd
