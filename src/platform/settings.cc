#include "platform/settings.h"

#include "common/error.h"
#include "common/text.h"
#include "platform/platform.h"
#include "pg/transaction.h"
#include "platform/validate.h"

namespace graft::platform {

namespace {

using json = nlohmann::json;

SettingSpec Bool(std::string key, bool def, std::string desc) {
  return {std::move(key), SettingType::kBool, def, std::move(desc), 0, 0};
}
SettingSpec Int(std::string key, int64_t def, int64_t min, int64_t max, std::string desc) {
  return {std::move(key), SettingType::kInt, def, std::move(desc), min, max};
}
SettingSpec Of(std::string key, SettingType t, json def, std::string desc) {
  return {std::move(key), t, std::move(def), std::move(desc), 0, 0};
}

std::string Join(const std::vector<SettingSpec>& specs) {
  std::string out;
  for (const auto& s : specs) out += (out.empty() ? "" : ", ") + s.key;
  return out;
}

std::string Table(std::string_view group) { return std::string(group) + ".settings"; }

}  // namespace

const char* SettingTypeName(SettingType t) {
  switch (t) {
    case SettingType::kBool: return "bool";
    case SettingType::kInt: return "int";
    case SettingType::kString: return "string";
    case SettingType::kUrl: return "url";
    case SettingType::kUrlList: return "url list";
    case SettingType::kEmail: return "email";
    case SettingType::kHost: return "host";
    case SettingType::kSecret: return "secret";
  }
  return "string";
}

const std::vector<SettingSpec>& SettingSpecs(std::string_view group) {
  static const std::vector<SettingSpec> auth = {
      Bool("signup_enabled", true, "whether new users may sign up"),
      Bool("email_confirmation_required", true, "users must confirm their email before signing in"),
      Int("password_min_length", 8, 6, 128, "minimum password length"),
      Bool("password_require_lowercase", false, "passwords need a lowercase letter"),
      Bool("password_require_uppercase", false, "passwords need an uppercase letter"),
      Bool("password_require_digit", false, "passwords need a digit"),
      Bool("password_require_symbol", false, "passwords need a symbol"),
      Of("site_url", SettingType::kUrl, "http://localhost:3000", "the site users are sent back to"),
      Of("redirect_urls", SettingType::kUrlList, json::array(),
         "allowed redirect URLs after sign-in, comma-separated ('*' wildcards allowed in hosts)"),
      Int("access_token_lifetime_seconds", 3600, 60, 604800, "lifetime of access tokens (JWT)"),
      Int("refresh_token_lifetime_seconds", 2592000, 3600, 31536000, "lifetime of refresh tokens"),
      Bool("refresh_token_rotation", true, "refresh tokens are single use"),
      Bool("anonymous_sign_in", false, "allow anonymous sign-ins"),
  };
  static const std::vector<SettingSpec> email = {
      Of("sender_email", SettingType::kEmail, "noreply@example.com", "the From address"),
      Of("sender_name", SettingType::kString, "graft", "the From name"),
      Of("smtp_host", SettingType::kHost, nullptr, "SMTP server host (unset: built-in test mailer)"),
      Int("smtp_port", 587, 1, 65535, "SMTP server port"),
      Of("smtp_user", SettingType::kString, nullptr, "SMTP user name"),
      Of("smtp_password", SettingType::kSecret, nullptr, "SMTP password (secret)"),
      Int("rate_limit_per_hour", 30, 1, 100000, "emails sent per hour at most"),
  };
  static const std::vector<SettingSpec> realtime = {
      Bool("enabled", true, "whether realtime is on"),
      Int("max_connections", 200, 1, 100000, "concurrent client connections"),
      Int("max_channels_per_client", 100, 1, 10000, "channels one client may join"),
      Int("max_events_per_second", 100, 1, 100000, "events per second per client"),
      Bool("presence_enabled", true, "whether presence tracking is on"),
  };
  if (group == "auth") return auth;
  if (group == "email") return email;
  if (group == "realtime") return realtime;
  Fail(ErrorKind::kUsage, "unknown settings group " + Quoted(std::string(group)), "known groups: auth, email, realtime");
}

const SettingSpec& FindSetting(std::string_view group, std::string_view key) {
  for (const auto& s : SettingSpecs(group)) {
    if (s.key == key) return s;
  }
  Fail(ErrorKind::kUsage, "unknown " + std::string(group) + " setting " + Quoted(std::string(key)),
       "known settings: " + Join(SettingSpecs(group)));
}

namespace {
// Settings are single-line fields (a sender name ends up in a mail header):
// CR, LF and other control characters are refused, never stored. The value
// is not echoed: it may be a secret.
void NoControlCharacters(const std::string& field, std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      Fail(ErrorKind::kUsage, "invalid " + field + ": it contains a control character (such as a newline)",
           "settings are single-line values");
    }
  }
}
}  // namespace

json ParseSettingValue(const SettingSpec& spec, std::string_view text) {
  const std::string field = "value of " + spec.key;
  switch (spec.type) {
    case SettingType::kBool:
      return ParseBool(field, text);
    case SettingType::kInt:
      return ParseInt(field, text, spec.min, spec.max);
    case SettingType::kString:
      if (text.size() > 1000) Fail(ErrorKind::kUsage, "invalid " + field + ": longer than 1000 characters");
      NoControlCharacters(field, text);
      return std::string(text);
    case SettingType::kUrl:
      ValidateUrl(field, text);
      return std::string(text);
    case SettingType::kUrlList: {
      json list = json::array();
      for (const auto& u : SplitList(text)) {
        ValidateUrl(field, u, true);
        list.push_back(u);
      }
      return list;
    }
    case SettingType::kEmail:
      if (auto why = CheckEmail(text)) Fail(ErrorKind::kUsage, "invalid " + field + " " + Quoted(std::string(text)) + ": " + *why);
      return std::string(text);
    case SettingType::kHost:
      if (auto why = CheckHost(text)) Fail(ErrorKind::kUsage, "invalid " + field + " " + Quoted(std::string(text)) + ": " + *why);
      return std::string(text);
    case SettingType::kSecret:
      if (text.empty()) Fail(ErrorKind::kUsage, "invalid " + field + ": it is empty", "use 'settings unset' to remove it");
      if (text.size() > 4096) Fail(ErrorKind::kUsage, "invalid " + field + ": longer than 4096 characters");
      NoControlCharacters(field, text);
      return std::string(text);
  }
  return std::string(text);
}

json GetSettings(pg::Conn& conn, std::string_view group) {
  const auto& specs = SettingSpecs(group);
  const TableSpec& table = platform::Table(std::string(group), "settings");
  json rows = QueryRows(conn, table, "SELECT key, value, secret_value, updated_at FROM " + Table(group));
  json out = json::array();
  for (const auto& s : specs) {
    json item = {{"key", s.key}, {"type", SettingTypeName(s.type)}, {"description", s.description}};
    item["default"] = s.type == SettingType::kSecret ? MaskValue(s.default_value) : s.default_value;
    item["value"] = item["default"];
    item["is_default"] = true;
    for (const auto& r : rows) {
      if (r["key"] == s.key) {
        item["value"] = r["value"].is_null() ? r["secret_value"] : r["value"];
        item["is_default"] = false;
        item["updated_at"] = r["updated_at"];
      }
    }
    out.push_back(item);
  }
  return out;
}

json SetSettings(pg::Conn& conn, std::string_view group,
                 const std::vector<std::pair<std::string, std::string>>& assignments) {
  if (assignments.empty()) Fail(ErrorKind::kUsage, "no settings given", "pass KEY=VALUE arguments");
  std::vector<std::pair<const SettingSpec*, json>> parsed;
  for (const auto& [k, v] : assignments) {
    const SettingSpec& spec = FindSetting(group, k);
    parsed.emplace_back(&spec, ParseSettingValue(spec, v));
  }
  {
    pg::Transaction tx(conn);
    for (const auto& [spec, value] : parsed) {
      bool secret = spec->type == SettingType::kSecret;
      std::optional<std::string> plain, hidden;
      if (secret) hidden = value.get<std::string>();
      else plain = value.dump();
      conn.Exec("INSERT INTO " + Table(group) +
                    " (key, value, secret_value, updated_at) VALUES ($1, $2::jsonb, $3, now()) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, secret_value = EXCLUDED.secret_value, "
                    "updated_at = now()",
                {spec->key, plain, hidden});
    }
    tx.Commit();
  }
  return GetSettings(conn, group);
}

json UnsetSettings(pg::Conn& conn, std::string_view group, const std::vector<std::string>& keys) {
  if (keys.empty()) Fail(ErrorKind::kUsage, "no settings given", "pass the keys to unset");
  for (const auto& k : keys) FindSetting(group, k);
  {
    pg::Transaction tx(conn);
    for (const auto& k : keys) conn.Exec("DELETE FROM " + Table(group) + " WHERE key = $1", {k});
    tx.Commit();
  }
  return GetSettings(conn, group);
}

}  // namespace graft::platform
