#include "platform/migration_sql.h"

#include <pg_query.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace graft::platform {

namespace {

// Position of the first byte at or after `pos` that is not whitespace or part
// of a comment.
size_t SkipSpaceAndComments(const std::string& sql, size_t pos) {
  while (pos < sql.size()) {
    char c = sql[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos;
    } else if (sql.compare(pos, 2, "--") == 0) {
      size_t nl = sql.find('\n', pos);
      pos = nl == std::string::npos ? sql.size() : nl + 1;
    } else if (sql.compare(pos, 2, "/*") == 0) {
      int depth = 0;  // PostgreSQL's block comments nest
      while (pos < sql.size()) {
        if (sql.compare(pos, 2, "/*") == 0) {
          ++depth;
          pos += 2;
        } else if (sql.compare(pos, 2, "*/") == 0) {
          pos += 2;
          if (--depth == 0) break;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

bool HasConcurrentlyOption(const nlohmann::json& params) {
  if (!params.is_array()) return false;
  return std::any_of(params.begin(), params.end(), [](const nlohmann::json& p) {
    return p.contains("DefElem") && p["DefElem"].value("defname", "") == "concurrently";
  });
}

// What is wrong with one parsed statement node ({"TransactionStmt": {...}}).
std::optional<RefusedStatement> Classify(const nlohmann::json& stmt) {
  if (!stmt.is_object() || stmt.empty()) return std::nullopt;
  const std::string& type = stmt.begin().key();
  const nlohmann::json& node = stmt.begin().value();
  if (type == "TransactionStmt") {
    std::string kind = node.value("kind", "TRANS_STMT_BEGIN");
    if (kind.rfind("TRANS_STMT_", 0) == 0) kind = kind.substr(sizeof "TRANS_STMT_" - 1);
    std::replace(kind.begin(), kind.end(), '_', ' ');
    if (kind == "PREPARE") kind = "PREPARE TRANSACTION";
    return RefusedStatement{0, kind, true};
  }
  std::string what;
  if (type == "IndexStmt" && node.value("concurrent", false)) what = "CREATE INDEX CONCURRENTLY";
  if (type == "DropStmt" && node.value("concurrent", false)) what = "DROP INDEX CONCURRENTLY";
  if (type == "ReindexStmt" && HasConcurrentlyOption(node.value("params", nlohmann::json()))) {
    what = "REINDEX CONCURRENTLY";
  }
  if (type == "VacuumStmt" && node.value("is_vacuumcmd", false)) what = "VACUUM";
  if (type == "CreatedbStmt") what = "CREATE DATABASE";
  if (type == "DropdbStmt") what = "DROP DATABASE";
  if (type == "AlterSystemStmt") what = "ALTER SYSTEM";
  if (type == "CreateTableSpaceStmt") what = "CREATE TABLESPACE";
  if (type == "DropTableSpaceStmt") what = "DROP TABLESPACE";
  if (what.empty()) return std::nullopt;
  return RefusedStatement{0, what, false};
}

}  // namespace

std::optional<RefusedStatement> FindNonTransactionalStatement(const std::string& sql) {
  // A NUL byte would cut the text libpg-query sees; the server refuses it anyway.
  if (sql.find('\0') != std::string::npos) return std::nullopt;
  PgQuerySplitResult split = pg_query_split_with_parser(sql.c_str());
  std::optional<RefusedStatement> found;
  if (!split.error) {
    for (int i = 0; i < split.n_stmts && !found; ++i) {
      size_t loc = static_cast<size_t>(split.stmts[i]->stmt_location);
      size_t len = static_cast<size_t>(split.stmts[i]->stmt_len);
      if (loc > sql.size()) break;
      std::string text = sql.substr(loc, len == 0 ? std::string::npos : len);
      PgQueryParseResult parsed = pg_query_parse(text.c_str());
      if (!parsed.error && parsed.parse_tree) {
        auto tree = nlohmann::json::parse(parsed.parse_tree, nullptr, false);
        if (!tree.is_discarded() && tree.contains("stmts")) {
          for (const auto& s : tree["stmts"]) {
            if (auto r = Classify(s.value("stmt", nlohmann::json()))) {
              size_t start = SkipSpaceAndComments(sql, loc);
              r->line = 1 + static_cast<int>(std::count(sql.begin(), sql.begin() + static_cast<long>(std::min(start, sql.size())), '\n'));
              found = r;
              break;
            }
          }
        }
      }
      pg_query_free_parse_result(parsed);
    }
  }
  pg_query_free_split_result(split);
  return found;
}

}  // namespace graft::platform
