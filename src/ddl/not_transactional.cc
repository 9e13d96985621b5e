// Which statements of a plan cannot run inside its one transaction
// (Hazard::kNotTransactional, see planner.h).
//
// PostgreSQL 15 refuses these in a transaction block ("... cannot run inside
// a transaction block", PreventInTransactionBlock in the server): VACUUM,
// CLUSTER without a table, CREATE/DROP DATABASE, ALTER DATABASE ... SET
// TABLESPACE, CREATE/DROP TABLESPACE, ALTER SYSTEM, CREATE/DROP INDEX
// CONCURRENTLY, REINDEX ... CONCURRENTLY, REINDEX SYSTEM/DATABASE, ALTER
// TABLE ... DETACH PARTITION ... CONCURRENTLY, CREATE and DROP SUBSCRIPTION
// with a replication slot (the default: every one is marked), ALTER
// SUBSCRIPTION ... REFRESH PUBLICATION, COMMIT/ROLLBACK PREPARED. The planner renders none of them
// today; the list is here so that one it renders some day is marked, not
// discovered when the apply fails. ALTER TYPE ... ADD VALUE does run in a
// transaction block, but the value it adds cannot be used until that
// transaction commits ("unsafe use of new value"): it is marked when a later
// statement of the same plan uses the value.
#include <algorithm>
#include <cctype>

#include "ddl/planner.h"

namespace graft::ddl::internal {

namespace {

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool Refused(const std::string& sql) {
  const std::string u = Upper(sql);
  static const char* const kPrefixes[] = {
      "VACUUM",          "CREATE DATABASE",      "DROP DATABASE",      "CREATE TABLESPACE", "DROP TABLESPACE",
      "ALTER SYSTEM",    "CREATE INDEX CONCURRENTLY", "CREATE UNIQUE INDEX CONCURRENTLY",
      "DROP INDEX CONCURRENTLY", "REINDEX SYSTEM", "REINDEX DATABASE", "COMMIT PREPARED", "ROLLBACK PREPARED",
      "CREATE SUBSCRIPTION", "DROP SUBSCRIPTION",
  };
  for (const char* p : kPrefixes) {
    if (StartsWith(u, p)) return true;
  }
  if (StartsWith(u, "CLUSTER") && u.find(' ') == std::string::npos) return true;  // "CLUSTER;": every table
  if (StartsWith(u, "REINDEX") && u.find(" CONCURRENTLY") != std::string::npos) return true;
  if (StartsWith(u, "ALTER TABLE") && u.find(" DETACH PARTITION ") != std::string::npos &&
      u.find(" CONCURRENTLY") != std::string::npos) {
    return true;
  }
  if (StartsWith(u, "ALTER DATABASE") && u.find(" SET TABLESPACE ") != std::string::npos) return true;
  if (StartsWith(u, "ALTER SUBSCRIPTION") && u.find(" REFRESH PUBLICATION") != std::string::npos) return true;
  return false;
}

// For "ALTER TYPE <q> ADD VALUE '<label>' ...": the text a later statement
// uses the new value by, "'<label>'::<q>" (as the planner renders literals
// of the type); "" for any other statement.
std::string NewValueUse(const std::string& sql) {
  static const std::string kAlter = "ALTER TYPE ", kAdd = " ADD VALUE ";
  if (!StartsWith(sql, kAlter)) return "";
  auto add = sql.find(kAdd);
  if (add == std::string::npos) return "";
  std::string q = sql.substr(kAlter.size(), add - kAlter.size());
  size_t at = add + kAdd.size();
  if (StartsWith(sql.substr(at, 15), "IF NOT EXISTS ")) at += 14;
  if (at >= sql.size() || sql[at] != '\'') return "";
  size_t end = at + 1;  // the literal ends at a quote not doubled
  while (end < sql.size()) {
    if (sql[end] == '\'') {
      if (end + 1 < sql.size() && sql[end + 1] == '\'') {
        end += 2;
        continue;
      }
      break;
    }
    ++end;
  }
  if (end >= sql.size()) return "";
  return sql.substr(at, end - at + 1) + "::" + q;
}

void Mark(Statement& st) {
  if (st.Has(Hazard::kNotTransactional)) return;
  st.hazards.push_back(Hazard::kNotTransactional);
  std::sort(st.hazards.begin(), st.hazards.end(),
            [](Hazard a, Hazard b) { return std::string(HazardName(a)) < HazardName(b); });
}

}  // namespace

void MarkNotTransactional(std::vector<Statement>& plan) {
  for (size_t i = 0; i < plan.size(); ++i) {
    if (Refused(plan[i].sql)) {
      Mark(plan[i]);
      continue;
    }
    std::string use = NewValueUse(plan[i].sql);
    if (use.empty()) continue;
    for (size_t j = i + 1; j < plan.size(); ++j) {
      if (plan[j].sql.find(use) != std::string::npos) {
        Mark(plan[i]);
        break;
      }
    }
  }
}

}  // namespace graft::ddl::internal
