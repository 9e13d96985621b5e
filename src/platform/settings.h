// graft/platform/settings.h: the settings of the auth, email and realtime
// groups.
//
// Settings are stored one row per setting in <group>.settings (key, value
// jsonb, secret_value text), so that a merge between branches works setting
// by setting. Only settings that were set have a row; the others read as
// their default. Secret settings (the SMTP password) go to secret_value,
// which the registry marks secret: no output ever shows them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "pg/conn.h"

namespace graft::platform {

enum class SettingType { kBool, kInt, kString, kUrl, kUrlList, kEmail, kHost, kSecret };

struct SettingSpec {
  std::string key;
  SettingType type = SettingType::kString;
  nlohmann::json default_value;  // null: unset
  std::string description;
  int64_t min = 0;  // kInt
  int64_t max = 0;  // kInt
};

// The known settings of "auth", "email" or "realtime" (kUsage otherwise).
const std::vector<SettingSpec>& SettingSpecs(std::string_view group);
// kUsage listing the known keys when `key` is unknown.
const SettingSpec& FindSetting(std::string_view group, std::string_view key);
// Parses and validates the text of a value; kUsage names the key and the
// reason (never the text of a secret).
nlohmann::json ParseSettingValue(const SettingSpec& spec, std::string_view text);
const char* SettingTypeName(SettingType t);

// Every known setting of `group`: [{key, value, default, is_default, type,
// description}], secrets masked.
nlohmann::json GetSettings(pg::Conn& conn, std::string_view group);
// Validates every KEY=VALUE first, then writes them all in one transaction.
// Returns GetSettings afterwards.
nlohmann::json SetSettings(pg::Conn& conn, std::string_view group,
                           const std::vector<std::pair<std::string, std::string>>& assignments);
// Returns settings to their default (deletes their rows).
nlohmann::json UnsetSettings(pg::Conn& conn, std::string_view group, const std::vector<std::string>& keys);

}  // namespace graft::platform
