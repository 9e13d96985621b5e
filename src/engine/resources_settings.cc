// Engine calls for platform settings, auth providers and realtime channels.
#include <algorithm>

#include "engine/on_target.h"
#include "platform/resources.h"
#include "platform/settings.h"

namespace graft::engine {

namespace pf = graft::platform;
using detail::OnTarget;

namespace settings {

Reply Get(Engine& eng, const TargetRef& at, const std::string& group, const std::vector<std::string>& keys) {
  for (const auto& k : keys) pf::FindSetting(group, k);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) {
    Json rows = Json::array();
    for (const auto& s : pf::GetSettings(conn, group)) {
      if (keys.empty() || std::find(keys.begin(), keys.end(), s["key"].get<std::string>()) != keys.end()) {
        rows.push_back(s);
      }
    }
    return rows;
  });
}

Reply Set(Engine& eng, const TargetRef& at, const std::string& group,
          const std::vector<std::pair<std::string, std::string>>& values) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::SetSettings(conn, group, values); });
}

Reply Unset(Engine& eng, const TargetRef& at, const std::string& group, const std::vector<std::string>& keys) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::UnsetSettings(conn, group, keys); });
}

}  // namespace settings

namespace auth {

Reply ListProviders(Engine& eng, const TargetRef& at) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListProviders(conn); });
}

Reply GetProvider(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::GetProvider(conn, name); });
}

Reply AddProvider(Engine& eng, const TargetRef& at, const std::string& name, const ProviderInput& in) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::AddProvider(conn, name, in); });
}

Reply UpdateProvider(Engine& eng, const TargetRef& at, const std::string& name, const ProviderInput& in) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::UpdateProvider(conn, name, in); });
}

Reply RemoveProvider(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) {
    pf::RemoveProvider(conn, name);
    return Json(name);
  });
}

}  // namespace auth

namespace realtime {

Reply ListChannels(Engine& eng, const TargetRef& at) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListChannels(conn); });
}

Reply GetChannel(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::GetChannel(conn, name); });
}

Reply AddChannel(Engine& eng, const TargetRef& at, const std::string& name, const ChannelInput& in) {
  pf::ValidateResourceName("channel", name);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::AddChannel(conn, name, in); });
}

Reply UpdateChannel(Engine& eng, const TargetRef& at, const std::string& name, const ChannelInput& in) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::UpdateChannel(conn, name, in); });
}

Reply RemoveChannel(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) {
    pf::RemoveChannel(conn, name);
    return Json(name);
  });
}

}  // namespace realtime

}  // namespace graft::engine
