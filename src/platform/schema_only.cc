// What a schema-only branch keeps of its parent: the schema and the platform
// config, not the data (platform/platform.h).
#include <string>
#include <vector>

#include "pg/conn.h"
#include "platform/platform.h"

namespace graft::platform {

// Empties user tables and platform data tables, and restarts sequences, so a
// schema-only branch holds the schema and the platform config only.
void EmptyForSchemaOnly(pg::Conn& c) {
  std::string platform_list;
  for (const auto& s : Schemas()) platform_list += (platform_list.empty() ? "" : ",") + pg::QuoteLiteral(s);
  // User tables: ordinary and partitioned tables outside system, platform and
  // extension-owned schemas/objects.
  auto user = c.Exec(
      "SELECT format('%I.%I', n.nspname, cl.relname) AS t FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace "
      "WHERE cl.relkind IN ('r','p') AND NOT cl.relispartition "
      "AND n.nspname NOT IN ('pg_catalog','information_schema','cron'," + platform_list + ") "
      "AND n.nspname NOT LIKE 'pg\\_%' "
      "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = cl.oid AND d.deptype = 'e') "
      "ORDER BY 1");
  std::vector<std::string> tables;
  for (const auto& r : user.rows) tables.push_back(*r[0]);
  for (const auto& spec : Registry()) {
    if (spec.klass == TableClass::kData) tables.push_back(pg::QuoteIdent(spec.schema) + "." + pg::QuoteIdent(spec.table));
  }
  auto cron = c.Exec("SELECT to_regclass('cron.job_run_details') IS NOT NULL AS has");
  if (cron.Str(0, "has") == "t") tables.push_back("cron.job_run_details");
  std::string sql = "BEGIN;\n";
  if (!tables.empty()) {
    std::string list;
    for (const auto& t : tables) list += (list.empty() ? "" : ", ") + t;
    sql += "TRUNCATE " + list + " RESTART IDENTITY CASCADE;\n";
  }
  // Every user sequence starts where a fresh schema would.
  auto seqs = c.Exec(
      "SELECT format('%I.%I', n.nspname, cl.relname) AS s FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace "
      "WHERE cl.relkind = 'S' AND n.nspname NOT IN ('pg_catalog','information_schema','cron'," + platform_list + ") "
      "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = cl.oid AND d.deptype = 'e')");
  for (const auto& r : seqs.rows) sql += "ALTER SEQUENCE " + *r[0] + " RESTART;\n";
  auto mats = c.Exec(
      "SELECT format('%I.%I', schemaname, matviewname) AS m FROM pg_matviews WHERE ispopulated "
      "AND schemaname NOT IN ('pg_catalog','information_schema')");
  for (const auto& r : mats.rows) sql += "REFRESH MATERIALIZED VIEW " + *r[0] + ";\n";
  sql += "COMMIT;\n";
  c.ExecAll(sql);
}

}  // namespace graft::platform
