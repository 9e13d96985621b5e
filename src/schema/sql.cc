#include "schema/sql.h"

#include <set>
#include <string_view>

namespace graft::schema {

namespace {

// Reserved, column-name and type-function-name keywords that must be quoted
// when used as identifiers.
bool IsReserved(std::string_view s) {
  static const std::set<std::string_view> kWords = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
      "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
      "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
      "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
      "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
      "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for",
      "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike",
      "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
      "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
      "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
      "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps",
      "overlay", "placing", "position", "precision", "primary", "real", "references", "returning",
      "right", "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
      "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp", "to",
      "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar",
      "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
      "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
      "xmlserialize", "xmltable"};
  return kWords.count(s) > 0;
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
