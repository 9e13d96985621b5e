// realtime.channels.
#include <cctype>

#include "common/error.h"
#include "common/text.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "platform/validate.h"

namespace graft::platform {

namespace {

const char* kChannelColumns = "name, pattern, description, enabled, created_at, updated_at";

void ValidateChannelInput(const std::string& name, const ChannelInput& in) {
  if (in.pattern) {
    const std::string& p = *in.pattern;
    if (p.empty() || p.size() > 255) {
      Fail(ErrorKind::kUsage, "invalid pattern of channel " + name + ": it must be 1 to 255 characters");
    }
    for (char c : p) {
      bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.' ||
                c == '*' || c == '/';
      if (!ok) {
        Fail(ErrorKind::kUsage, "invalid pattern " + Quoted(p) + " of channel " + name,
             "patterns are letters, digits and _ - : . / with * as a wildcard, for example room:*");
      }
    }
  }
  if (in.description && in.description->size() > 1000) {
    Fail(ErrorKind::kUsage, "invalid description of channel " + name + ": longer than 1000 characters");
  }
}

}  // namespace

Json ListChannels(pg::Conn& conn) {
  return QueryRows(conn, Table("realtime", "channels"),
                   std::string("SELECT ") + kChannelColumns + " FROM realtime.channels ORDER BY name");
}

Json GetChannel(pg::Conn& conn, const std::string& name) {
  auto rows = QueryRows(conn, Table("realtime", "channels"),
                        std::string("SELECT ") + kChannelColumns + " FROM realtime.channels WHERE name = $1", {name});
  if (rows.empty()) Fail(ErrorKind::kNotFound, "realtime channel " + Quoted(name) + " not found");
  return rows[0];
}

Json AddChannel(pg::Conn& conn, const std::string& name, const ChannelInput& in) {
  ValidateResourceName("channel", name);
  ValidateChannelInput(name, in);
  auto r = conn.Exec(
      "INSERT INTO realtime.channels (name, pattern, description, enabled) VALUES ($1, $2, $3, $4::boolean) "
      "ON CONFLICT (name) DO NOTHING",
      {name, in.pattern.value_or(name), in.description.value_or(""), in.enabled.value_or(true) ? "true" : "false"});
  if (r.command_tag != "INSERT 0 1") {
    Fail(ErrorKind::kAlreadyExists, "realtime channel " + name + " already exists",
         "change it with 'graft realtime channels update " + name + "'");
  }
  return GetChannel(conn, name);
}

Json UpdateChannel(pg::Conn& conn, const std::string& name, const ChannelInput& in) {
  ValidateChannelInput(name, in);
  if (!in.pattern && !in.description && !in.enabled) {
    Fail(ErrorKind::kUsage, "nothing to update for realtime channel " + name, "pass --pattern, --description or --enabled");
  }
  auto r = conn.Exec(
      "UPDATE realtime.channels SET pattern = coalesce($2, pattern), description = coalesce($3, description), "
      "enabled = coalesce($4::boolean, enabled), updated_at = now() WHERE name = $1",
      {name, in.pattern, in.description,
       in.enabled ? std::optional<std::string>(*in.enabled ? "true" : "false") : std::nullopt});
  if (r.command_tag != "UPDATE 1") Fail(ErrorKind::kNotFound, "realtime channel " + Quoted(name) + " not found");
  return GetChannel(conn, name);
}

void RemoveChannel(pg::Conn& conn, const std::string& name) {
  auto r = conn.Exec("DELETE FROM realtime.channels WHERE name = $1", {name});
  if (r.command_tag != "DELETE 1") Fail(ErrorKind::kNotFound, "realtime channel " + Quoted(name) + " not found");
}

}  // namespace graft::platform
