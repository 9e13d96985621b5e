// The platform table registry: parsing, lookup and masking of secrets.
#include <algorithm>
#include <set>

#include "common/error.h"
#include "embedded.h"
#include "platform/platform.h"

namespace graft::platform {

namespace {

std::vector<std::string> StringList(const nlohmann::json& j, const std::string& field,
                                    const std::string& where) {
  std::vector<std::string> out;
  if (!j.contains(field)) return out;
  if (!j[field].is_array()) Fail(ErrorKind::kInternal, "platform registry: " + where + "." + field + " is not a list");
  for (const auto& v : j[field]) {
    if (!v.is_string()) Fail(ErrorKind::kInternal, "platform registry: " + where + "." + field + " holds a non-string");
    out.push_back(v.get<std::string>());
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

bool TableSpec::IsVolatile(const std::string& column) const { return Contains(volatile_columns, column); }
bool TableSpec::IsSecret(const std::string& column) const { return Contains(secret_columns, column); }

const std::vector<std::string>& Schemas() {
  static const std::vector<std::string> schemas = {"auth", "storage", "functions", "email",
                                                   "realtime", "schedules", "system"};
  return schemas;
}

std::vector<TableSpec> ParseRegistry(const std::string& json_text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const std::exception& e) {
    Fail(ErrorKind::kInternal, std::string("platform registry is not valid JSON: ") + e.what());
  }
  if (!doc.is_object() || !doc.contains("tables") || !doc["tables"].is_array()) {
    Fail(ErrorKind::kInternal, "platform registry has no \"tables\" list");
  }
  std::vector<TableSpec> out;
  std::set<std::string> seen;
  for (const auto& t : doc["tables"]) {
    if (!t.is_object() || !t.contains("schema") || !t.contains("table") || !t["schema"].is_string() ||
        !t["table"].is_string()) {
      Fail(ErrorKind::kInternal, "platform registry: an entry lacks schema or table");
    }
    TableSpec s;
    s.schema = t["schema"].get<std::string>();
    s.table = t["table"].get<std::string>();
    std::string where = s.qualified();
    if (!Contains(Schemas(), s.schema)) Fail(ErrorKind::kInternal, "platform registry: " + where + " is not in a platform schema");
    if (!seen.insert(where).second) Fail(ErrorKind::kInternal, "platform registry: " + where + " is declared twice");
    s.key = StringList(t, "key", where);
    if (s.key.empty()) Fail(ErrorKind::kInternal, "platform registry: " + where + " has no natural key");
    std::string klass = t.value("class", "");
    if (klass == "config") s.klass = TableClass::kConfig;
    else if (klass == "data") s.klass = TableClass::kData;
    else Fail(ErrorKind::kInternal, "platform registry: " + where + " has class \"" + klass + "\" (expected config or data)");
    s.volatile_columns = StringList(t, "volatile", where);
    s.secret_columns = StringList(t, "secret", where);
    for (const auto& k : s.key) {
      if (s.IsVolatile(k)) Fail(ErrorKind::kInternal, "platform registry: " + where + " key column " + k + " is volatile");
      if (s.IsSecret(k)) Fail(ErrorKind::kInternal, "platform registry: " + where + " key column " + k + " is secret");
    }
    s.description = t.value("description", "");
    out.push_back(std::move(s));
  }
  return out;
}

const std::vector<TableSpec>& Registry() {
  static const std::vector<TableSpec> registry = [] {
    auto text = embedded::Get("defs/platform_tables.json");
    if (text.empty()) Fail(ErrorKind::kInternal, "defs/platform_tables.json is not embedded in this binary");
    return ParseRegistry(std::string(text));
  }();
  return registry;
}

const TableSpec* FindTable(const std::string& schema, const std::string& table) {
  for (const auto& s : Registry()) {
    if (s.schema == schema && s.table == table) return &s;
  }
  return nullptr;
}

const TableSpec& Table(const std::string& schema, const std::string& table) {
  const TableSpec* s = FindTable(schema, table);
  if (!s) Fail(ErrorKind::kInternal, "platform table " + schema + "." + table + " is not in the registry");
  return *s;
}

nlohmann::json MaskValue(const nlohmann::json& value) {
  if (value.is_null()) return value;
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = kMask;
    return out;
  }
  return kMask;
}

nlohmann::json MaskRow(const TableSpec& spec, nlohmann::json row) {
  if (!row.is_object()) return row;
  for (const auto& c : spec.secret_columns) {
    if (row.contains(c)) row[c] = MaskValue(row[c]);
  }
  return row;
}

nlohmann::json QueryRows(pg::Conn& conn, const TableSpec& spec, const std::string& select,
                         const std::vector<std::optional<std::string>>& params) {
  auto r = conn.Exec("SELECT coalesce(json_agg(row_to_json(q)), '[]')::text FROM (" + select + ") q", params);
  auto rows = nlohmann::json::parse(r.rows.at(0).at(0).value_or("[]"));
  for (auto& row : rows) row = MaskRow(spec, std::move(row));
  return rows;
}

nlohmann::json ConfigRows(pg::Conn& conn) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& spec : Registry()) {
    if (spec.klass != TableClass::kConfig) continue;
    std::string order;
    for (const auto& k : spec.key) order += (order.empty() ? "" : ", ") + pg::QuoteIdent(k);
    auto r = conn.Exec("SELECT coalesce(json_agg(row_to_json(t)" + (order.empty() ? "" : " ORDER BY " + order) +
                       "), '[]')::text AS rows FROM " + pg::QuoteIdent(spec.schema) + "." +
                       pg::QuoteIdent(spec.table) + " t");
    out[spec.qualified()] = nlohmann::json::parse(r.Str(0, "rows"));
  }
  return out;
}

std::vector<const TableSpec*> MergedConfigTables() {
  std::vector<const TableSpec*> out;
  for (const auto& spec : Registry()) {
    if (spec.klass != TableClass::kConfig || spec.qualified() == "system.platform_migrations") continue;
    out.push_back(&spec);
  }
  return out;
}

}  // namespace graft::platform
