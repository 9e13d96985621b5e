#include "platform/migration_sql.h"

#include <gtest/gtest.h>

namespace graft::platform {
namespace {

std::string Found(const std::string& sql) {
  auto r = FindNonTransactionalStatement(sql);
  if (!r) return "";
  return std::to_string(r->line) + " " + r->statement + (r->transaction_control ? " tx" : "");
}

TEST(MigrationSql, TransactionControlIsFoundWithItsLine) {
  EXPECT_EQ(Found("CREATE TABLE a (id int);\nCOMMIT;\n"), "2 COMMIT tx");
  EXPECT_EQ(Found("-- a comment\n/* and /* a nested */ one */\n  BEGIN;\nCREATE TABLE a (id int);\n"), "3 BEGIN tx");
  EXPECT_EQ(Found("CREATE TABLE a (id int); SAVEPOINT s1;"), "1 SAVEPOINT tx");
  EXPECT_EQ(Found("SELECT 1;\n\nROLLBACK TO SAVEPOINT s1;"), "3 ROLLBACK TO tx");
  EXPECT_EQ(Found("START TRANSACTION"), "1 START tx");
  EXPECT_EQ(Found("select 1;\nend;"), "2 COMMIT tx");
  EXPECT_EQ(Found("PREPARE TRANSACTION 'x';"), "1 PREPARE TRANSACTION tx");
}

TEST(MigrationSql, StatementsThatCannotRunInATransaction) {
  EXPECT_EQ(Found("CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY i ON t (id);"), "2 CREATE INDEX CONCURRENTLY");
  EXPECT_EQ(Found("DROP INDEX CONCURRENTLY i;"), "1 DROP INDEX CONCURRENTLY");
  EXPECT_EQ(Found("REINDEX TABLE CONCURRENTLY t;"), "1 REINDEX CONCURRENTLY");
  EXPECT_EQ(Found("VACUUM t;"), "1 VACUUM");
  EXPECT_EQ(Found("CREATE DATABASE x;"), "1 CREATE DATABASE");
  EXPECT_EQ(Found("ALTER SYSTEM SET work_mem = '1MB';"), "1 ALTER SYSTEM");
}

TEST(MigrationSql, OrdinaryAndLookalikeSqlPasses) {
  EXPECT_EQ(Found("CREATE TABLE t (id int); CREATE INDEX i ON t (id); ANALYZE t; REINDEX TABLE t;"), "");
  // Words inside strings, comments, dollar quotes and bodies are not statements.
  EXPECT_EQ(Found("SELECT 'COMMIT;';\n-- COMMIT;\n/* BEGIN; */\n"
                  "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;\n"
                  "DO $x$ BEGIN COMMIT; END $x$;"),
            "");
  // Syntax errors are left to the server, which refuses the whole file.
  EXPECT_EQ(Found("COMMIT; SELEC 1;"), "");
  EXPECT_EQ(Found(""), "");
}

}  // namespace
}  // namespace graft::platform
