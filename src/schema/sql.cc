#include "schema/sql.h"

#include <nlohmann/json.hpp>

#include <string_view>
#include <unordered_set>

#include "common/error.h"
#include "embedded.h"

namespace graft::schema {

namespace {

// Whether `s` is a PG15 keyword that cannot be a plain identifier: every
// category but unreserved (defs/pg15_keywords.json, PG15's kwlist.h), the rule
// of Postgres' own quote_ident.
bool IsReserved(std::string_view s) {
  static const std::unordered_set<std::string> kWords = [] {
    std::string_view text = embedded::Get("defs/pg15_keywords.json");
    auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    std::unordered_set<std::string> words;
    if (doc.is_discarded() || !doc.contains("keywords")) {
      Fail(ErrorKind::kInternal, "defs/pg15_keywords.json is not embedded or not valid", "rebuild graft");
    }
    for (const auto& [word, category] : doc["keywords"].items()) {
      if (category != "U") words.insert(word);
    }
    return words;
  }();
  return kWords.count(std::string(s)) > 0;
}

}  // namespace

std::string QuoteIdent(const std::string& ident) {
  bool plain = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain && IsReserved(ident)) plain = false;
  if (plain) return ident;
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(const std::string& value) {
  bool backslash = value.find('\\') != std::string::npos;
  std::string out = backslash ? "E'" : "'";
  for (char c : value) {
    if (c == '\'') out += "''";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out + "'";
}

std::string QualifiedName(const std::string& schema, const std::string& name) {
  if (schema.empty()) return QuoteIdent(name);
  return QuoteIdent(schema) + "." + QuoteIdent(name);
}

}  // namespace graft::schema
