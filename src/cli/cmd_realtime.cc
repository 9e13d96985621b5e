// graft realtime settings|channels
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/error.h"
#include "platform/resources.h"
#include "platform/validate.h"

namespace graft::cli::platform_cmd {

namespace {

namespace pf = graft::platform;

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

pf::ChannelInput ToInput(const ChannelFlags& f) {
  pf::ChannelInput in;
  in.pattern = Given(f.pattern_o, f.pattern);
  in.description = Given(f.description_o, f.description);
  if (f.enabled_o->count()) in.enabled = pf::ParseBool("--enabled", f.enabled);
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
    WithTarget(g, *lt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json rows = pf::ListChannels(conn);
      Emit(g, Json{{"target", t.display}, {"channels", rows}}, [&] { PrintTable(rows, cols); });
    });
  });

  auto* add = channels->add_subcommand("add", "add a channel");
  auto at = AddTargetFlags(add);
  auto af = AddChannelFlags(add);
  add->callback([&g, at, af] {
    pf::ValidateResourceName("channel", af->name);
    auto in = ToInput(*af);
    WithTarget(g, *at, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json c = pf::AddChannel(conn, af->name, in);
      Emit(g, Json{{"target", t.display}, {"channel", c}},
           [&] { std::cout << "added realtime channel " << af->name << " on " << t.display << "\n"; });
    });
  });

  auto* update = channels->add_subcommand("update", "change a channel");
  auto ut = AddTargetFlags(update);
  auto uf = AddChannelFlags(update);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    WithTarget(g, *ut, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json c = pf::UpdateChannel(conn, uf->name, in);
      Emit(g, Json{{"target", t.display}, {"channel", c}},
           [&] { std::cout << "updated realtime channel " << uf->name << " on " << t.display << "\n"; });
    });
  });

  auto* remove = channels->add_subcommand("remove", "remove a channel");
  auto xt = AddTargetFlags(remove);
  auto xname = std::make_shared<std::string>();
  remove->add_option("NAME", *xname, "channel name")->required();
  remove->callback([&g, xt, xname] {
    WithTarget(g, *xt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      pf::RemoveChannel(conn, *xname);
      Emit(g, Json{{"target", t.display}, {"removed", *xname}},
           [&] { std::cout << "removed realtime channel " << *xname << " from " << t.display << "\n"; });
    });
  });
}

}  // namespace graft::cli::platform_cmd
