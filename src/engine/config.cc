#include "engine/config.h"

#include <cstdint>
#include <set>
#include <vector>

#include "common/error.h"
#include "common/text.h"

namespace graft::engine {

namespace {

using Json = nlohmann::json;

// Settings graft owns: they decide who can reach an instance and where its
// files are. Overriding them could open an instance to other hosts or users.
const std::set<std::string> kReservedSettings = {
    "listen_addresses",        "port",          "hba_file",         "ident_file",
    "data_directory",          "config_file",   "external_pid_file", "unix_socket_directories",
    "unix_socket_group",       "unix_socket_permissions", "ssl",    "krb_server_keyfile",
    "include",                 "include_dir",   "include_if_exists"};

[[noreturn]] void Bad(const std::string& path, const std::string& what, const std::string& hint = "") {
  Fail(ErrorKind::kUsage, "config file " + path + ": " + what,
       hint.empty() ? "see the README's 'Home directory' section for the keys config.json takes" : hint);
}

void CheckKeys(const Json& obj, const std::string& where, const std::vector<std::string>& known,
               const std::string& path) {
  if (!obj.is_object()) {
    Bad(path, (where.empty() ? std::string("the top level") : Quoted(where)) + " must be an object, not " +
                  std::string(obj.type_name()));
  }
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (const auto& n : known) ok = ok || n == k;
    if (ok) continue;
    std::string guess = DidYouMean(k, known);
    Bad(path, "unknown key " + Quoted(where.empty() ? k : where + "." + k),
        guess.empty() ? "known keys: " + [&] {
          std::string s;
          for (const auto& n : known) s += (s.empty() ? "" : ", ") + n;
          return s;
        }()
                      : "did you mean '" + guess + "'?");
  }
}

int IntIn(const Json& obj, const std::string& where, const std::string& key, int64_t lo, int64_t hi, int dflt,
          const std::string& path) {
  if (!obj.contains(key)) return dflt;
  const Json& v = obj[key];
  std::string name = Quoted(where + "." + key);
  if (!v.is_number_integer()) {
    Bad(path, name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not " +
                  Printable(v.dump(-1, ' ', false, Json::error_handler_t::replace), 40));
  }
  bool in_range = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(hi) && v.get<uint64_t>() >= static_cast<uint64_t>(lo)
                                         : v.get<int64_t>() >= lo && v.get<int64_t>() <= hi;
  if (!in_range) {
    Bad(path, name + " must be from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not " + v.dump());
  }
  return static_cast<int>(v.get<int64_t>());
}

bool IsSettingName(const std::string& k) {
  if (k.empty() || k.size() > 63) return false;
  for (size_t i = 0; i < k.size(); ++i) {
    char c = k[i];
    bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && ((c >= '0' && c <= '9') || c == '.'));
    if (!ok) return false;
  }
  return true;
}

void Settings(const Json& j, const char* key, std::map<std::string, std::string>* out, const std::string& path) {
  if (!j.contains(key)) return;
  const Json& obj = j[key];
  if (!obj.is_object()) Bad(path, Quoted(key) + " must be an object of setting: value, not " + obj.type_name());
  for (const auto& [k, v] : obj.items()) {
    std::string name = Quoted(std::string(key) + "." + k);
    if (!IsSettingName(k)) Bad(path, name + " is not a PostgreSQL setting name");
    if (kReservedSettings.count(k)) {
      Bad(path, name + " cannot be set: graft sets it so that the instance listens only on 127.0.0.1 and its private socket",
          "remove it from config.json");
    }
    if (v.is_string()) {
      try {
        (*out)[k] = QuoteConfValue(v.get<std::string>());
      } catch (const Error& e) {
        Bad(path, name + ": " + e.what());
      }
    } else if (v.is_boolean()) {
      (*out)[k] = v.get<bool>() ? "on" : "off";
    } else if (v.is_number()) {
      (*out)[k] = v.dump();
    } else {
      Bad(path, name + " must be a string, a number or true/false, not " + std::string(v.type_name()));
    }
  }
}

}  // namespace

std::string QuoteConfValue(const std::string& value) {
  if (!IsValidUtf8(value)) Fail(ErrorKind::kUsage, "the value is not valid UTF-8");
  std::string out = "'";
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      Fail(ErrorKind::kUsage, "the value " + Quoted(value) + " has a control character");
    }
    if (c == '\'') out += "''";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out + "'";
}

Config ParseConfig(const std::string& text, const std::string& path) {
  Config c;
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) Bad(path, "not valid JSON", "check it with 'python3 -m json.tool " + path + "'");
  CheckKeys(j, "", {"quotas", "ports", "instance_settings", "branch_instance_settings"}, path);
  if (j.contains("quotas")) {
    const Json& q = j["quotas"];
    CheckKeys(q, "quotas", {"branches_per_parent", "parents_with_branches_per_org"}, path);
    c.max_branches_per_parent = IntIn(q, "quotas", "branches_per_parent", 0, 1000, c.max_branches_per_parent, path);
    c.max_parents_with_branches_per_org =
        IntIn(q, "quotas", "parents_with_branches_per_org", 0, 1000, c.max_parents_with_branches_per_org, path);
  }
  if (j.contains("ports")) {
    const Json& p = j["ports"];
    CheckKeys(p, "ports", {"first", "last"}, path);
    c.first_port = IntIn(p, "ports", "first", 1024, 65535, c.first_port, path);
    c.last_port = IntIn(p, "ports", "last", 1024, 65535, c.last_port, path);
    if (c.first_port > c.last_port) Bad(path, "'ports.first' must not be above 'ports.last'");
  }
  Settings(j, "instance_settings", &c.instance_settings, path);
  Settings(j, "branch_instance_settings", &c.branch_instance_settings, path);
  return c;
}

}  // namespace graft::engine
