// Catalog identity of modelled objects (schema::Object::identity), read from
// a real server: set for every object that has a catalog row of its own,
// kept by a rename, changed by a drop and re-create. Also anchors the model
// field declaration (defs/model_fields.json) to what introspect really writes:
// tests/cases/model/fixture.sql is loaded and its model checked field by field.
//
// Re-recording tests/cases/model/recorded.json (read by the unit test
// ModelFields.RecordedModelMatchesDeclaration) after introspect changes:
//   GRAFT_RECORD_MODEL=1 build/graft_integration_tests --gtest_filter='Identity.FixtureModel*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "ddl/plan.h"
#include "diff/diff.h"
#include "introspect/introspect.h"
#include "merge/merge.h"
#include "pg/conn.h"
#include "schema/fields.h"
#include "support/pg_cluster.h"

#ifndef GRAFT_SOURCE_DIR
#error "GRAFT_SOURCE_DIR must be defined"
#endif

namespace graft::testing {
namespace {

const std::string kModelDir = GRAFT_SOURCE_DIR "/tests/cases/model";

schema::Schema Read(PgCluster& cluster, const std::string& db) {
  auto conn = pg::Conn::Open(cluster.url(db));
  introspect::Options opts;
  opts.include_schemas = {"app", "core"};  // core: where a merge test renames app
  return introspect::Introspect(conn, opts);
}

std::string Identity(const schema::Schema& s, const std::string& key) {
  const schema::Object* o = s.Find(key);
  return o ? o->identity : "<absent " + key + ">";
}

void Load(PgCluster& cluster, const std::string& db, const std::string& sql) {
  auto r = cluster.RunSql(db, sql);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(Identity, SetFromTheCatalogAndKeptByRenames) {
  PgCluster& cluster = PgCluster::Shared();
  cluster.DropDatabase("identity_rename");
  cluster.CreateDatabase("identity_rename");
  Load(cluster, "identity_rename",
       "CREATE SCHEMA app;"
       "CREATE TABLE app.t (id int PRIMARY KEY, x int, CONSTRAINT x_pos CHECK (x > 0));"
       "CREATE INDEX t_x ON app.t (x);"
       "CREATE VIEW app.v AS SELECT id FROM app.t;"
       "CREATE FUNCTION app.f(int) RETURNS int LANGUAGE sql AS 'SELECT $1';"
       "CREATE TYPE app.e AS ENUM ('a');"
       "ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;"
       "CREATE POLICY p ON app.t USING (x > 0);"
       "CREATE TRIGGER tr BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();");
  schema::Schema before = Read(cluster, "identity_rename");
  std::string oid = cluster.Exec("identity_rename", "SELECT 'app.t'::regclass::oid::text AS o").Str(0, "o");
  EXPECT_EQ(Identity(before, "table:app.t"), "pg_class:" + oid + ":0");
  EXPECT_EQ(Identity(before, "column:app.t.x"), "pg_class:" + oid + ":2");
  EXPECT_EQ(Identity(before, "constraint:app.t.x_pos").rfind("pg_constraint:", 0), 0u);
  EXPECT_EQ(Identity(before, "index:app.t_x").rfind("pg_class:", 0), 0u);
  EXPECT_EQ(Identity(before, "function:app.f(integer)").rfind("pg_proc:", 0), 0u);
  EXPECT_EQ(Identity(before, "type:app.e").rfind("pg_type:", 0), 0u);
  EXPECT_EQ(Identity(before, "policy:app.t.p").rfind("pg_policy:", 0), 0u);
  EXPECT_EQ(Identity(before, "trigger:app.t.tr").rfind("pg_trigger:", 0), 0u);
  EXPECT_EQ(Identity(before, "schema:app").rfind("pg_namespace:", 0), 0u);
  // Every object with a catalog row of its own carries one, all distinct.
  std::set<std::string> seen;
  for (const auto& [key, o] : before.objects()) {
    if (o.id.kind == schema::ObjectKind::kRole || o.id.kind == schema::ObjectKind::kDefaultPrivileges) continue;
    EXPECT_FALSE(o.identity.empty()) << key;
    EXPECT_TRUE(seen.insert(o.identity).second) << key << " shares " << o.identity;
  }

  Load(cluster, "identity_rename",
       "ALTER TABLE app.t RENAME TO u; ALTER TABLE app.u RENAME COLUMN x TO y;"
       "ALTER TABLE app.u RENAME CONSTRAINT x_pos TO y_pos; ALTER INDEX app.t_x RENAME TO u_y;"
       "ALTER VIEW app.v RENAME TO w; ALTER FUNCTION app.f(int) RENAME TO g; ALTER TYPE app.e RENAME TO e2;"
       "ALTER POLICY p ON app.u RENAME TO q; ALTER TRIGGER tr ON app.u RENAME TO tr2;");
  schema::Schema after = Read(cluster, "identity_rename");
  const std::pair<const char*, const char*> renamed[] = {
      {"table:app.t", "table:app.u"},
      {"column:app.t.x", "column:app.u.y"},
      {"column:app.t.id", "column:app.u.id"},
      {"constraint:app.t.x_pos", "constraint:app.u.y_pos"},
      {"index:app.t_x", "index:app.u_y"},
      {"view:app.v", "view:app.w"},
      {"function:app.f(integer)", "function:app.g(integer)"},
      {"type:app.e", "type:app.e2"},
      {"policy:app.t.p", "policy:app.u.q"},
      {"trigger:app.t.tr", "trigger:app.u.tr2"},
  };
  for (const auto& [old_key, new_key] : renamed) {
    EXPECT_EQ(after.Find(old_key), nullptr) << old_key;
    EXPECT_EQ(Identity(after, new_key), Identity(before, old_key)) << old_key << " -> " << new_key;
  }
  cluster.DropDatabase("identity_rename");
}

TEST(Identity, ChangedByDropAndCreate) {
  PgCluster& cluster = PgCluster::Shared();
  cluster.DropDatabase("identity_recreate");
  cluster.CreateDatabase("identity_recreate");
  Load(cluster, "identity_recreate", "CREATE SCHEMA app; CREATE TABLE app.t (id int, x int);");
  schema::Schema before = Read(cluster, "identity_recreate");
  Load(cluster, "identity_recreate",
       "DROP TABLE app.t; CREATE TABLE app.t (id int, x int);");
  schema::Schema after = Read(cluster, "identity_recreate");
  ASSERT_NE(after.Find("table:app.t"), nullptr);
  EXPECT_EQ(after.Find("table:app.t")->Fingerprint(), before.Find("table:app.t")->Fingerprint());
  EXPECT_NE(Identity(after, "table:app.t"), Identity(before, "table:app.t"));
  EXPECT_NE(Identity(after, "column:app.t.x"), Identity(before, "column:app.t.x"));
  // A column dropped and added again under its name is a new column (new attnum).
  Load(cluster, "identity_recreate", "ALTER TABLE app.t DROP COLUMN x; ALTER TABLE app.t ADD COLUMN x int;");
  schema::Schema again = Read(cluster, "identity_recreate");
  EXPECT_NE(Identity(again, "column:app.t.x"), Identity(after, "column:app.t.x"));
  EXPECT_EQ(Identity(again, "table:app.t"), Identity(after, "table:app.t"));
  cluster.DropDatabase("identity_recreate");
}

TEST(Identity, FixtureModelMatchesTheFieldDeclaration) {
  PgCluster& cluster = PgCluster::Shared();
  cluster.DropDatabase("model_fixture");
  cluster.CreateDatabase("model_fixture");
  auto r = cluster.RunSqlFile("model_fixture", kModelDir + "/fixture.sql");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  schema::Schema model = Read(cluster, "model_fixture");
  auto problems = schema::DeclaredFields().Check(model);
  for (const auto& p : problems) ADD_FAILURE() << p;
  // Every kind of the fixture is there (the fixture covers the model).
  std::set<schema::ObjectKind> kinds;
  for (const auto& [k, o] : model.objects()) kinds.insert(o.id.kind);
  for (schema::ObjectKind k : schema::EveryKind()) {
    if (k == schema::ObjectKind::kExtension) continue;  // none in schema app
    EXPECT_TRUE(kinds.count(k)) << "fixture.sql has no " << schema::KindName(k);
  }
  if (const char* rec = std::getenv("GRAFT_RECORD_MODEL"); rec && std::string(rec) == "1") {
    std::ofstream f(kModelDir + "/recorded.json");
    f << schema::ToJson(model).dump(1) << "\n";
    ASSERT_TRUE(f.good());
  }
  cluster.DropDatabase("model_fixture");
}

// The merge on real catalogs: a base database is cloned physically (CREATE
// DATABASE ... TEMPLATE keeps every OID, as a branch clone does) into a parent
// and a branch; each side changes; merge::MergeSchemas's renames and
// ddl::BuildPlan(from, target) run on the parent in one transaction; the
// parent then reads exactly as the merge's target, and no row is lost.
struct LiveMerge {
  PgCluster& cluster = PgCluster::Shared();
  std::string name;
  schema::Schema base;
  explicit LiveMerge(std::string n, const std::string& base_sql) : name(std::move(n)) {
    for (const char* side : {"", "_p", "_b"}) cluster.DropDatabase(name + side);
    cluster.CreateDatabase(name);
    Load(cluster, name, base_sql);
    base = Read(cluster, name);
    cluster.Exec("postgres", "CREATE DATABASE " + name + "_p TEMPLATE " + name);
    cluster.Exec("postgres", "CREATE DATABASE " + name + "_b TEMPLATE " + name);
  }
  ~LiveMerge() {
    for (const char* side : {"", "_p", "_b"}) cluster.DropDatabase(name + side);
  }
  // Applies both sides' SQL, merges, applies the merge to the parent; returns the merge.
  merge::SchemaMerge Run(const std::string& parent_sql, const std::string& branch_sql, std::string* applied) {
    Load(cluster, name + "_p", parent_sql);
    Load(cluster, name + "_b", branch_sql);
    merge::SchemaMerge m = merge::MergeSchemas(base, Read(cluster, name + "_p"), Read(cluster, name + "_b"));
    std::string sql;
    for (const auto& r : m.renames) sql += r.sql + "\n";
    for (const auto& st : ddl::BuildPlan(m.from, m.target).statements) sql += st.sql + "\n";
    *applied = sql;
    auto r = cluster.RunSql(name + "_p", sql, /*single_transaction=*/true);
    EXPECT_EQ(r.exit_code, 0) << sql << r.out << r.err;
    return m;
  }
  std::string Remaining(const merge::SchemaMerge& m) {
    std::string out;
    for (const auto& c : diff::Diff(Read(cluster, name + "_p"), m.target).changes) out += c.key() + "\n";
    return out;
  }
};

TEST(Identity, LiveMergeOfABranchColumnRenameKeepsTheRows) {
  LiveMerge lm("merge_rename",
               "CREATE SCHEMA app;"
               "CREATE TABLE app.t (id int PRIMARY KEY, x text CONSTRAINT x_short CHECK (length(x) < 100));"
               "CREATE INDEX t_x ON app.t (x);"
               "CREATE VIEW app.v AS SELECT id, x FROM app.t WHERE x <> 'x';"
               "INSERT INTO app.t SELECT g, 'row ' || g FROM generate_series(1, 50) g;");
  std::string sql;
  auto m = lm.Run("ALTER TABLE app.t ADD COLUMN z int; ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;"
                  "CREATE POLICY p_all ON app.t USING (id > 0);",
                  "ALTER TABLE app.t RENAME COLUMN x TO y; COMMENT ON COLUMN app.t.y IS 'renamed';", &sql);
  for (const auto& c : m.conflicts) ADD_FAILURE() << c.object << ": " << c.reason;
  ASSERT_EQ(m.renames.size(), 1u) << sql;
  EXPECT_EQ(m.renames[0].sql, "ALTER TABLE app.t RENAME COLUMN x TO y;");
  EXPECT_EQ(sql.find("DROP COLUMN"), std::string::npos) << sql;
  EXPECT_EQ(lm.Remaining(m), "") << sql;
  auto rows = lm.cluster.Exec("merge_rename_p", "SELECT count(*) AS n, count(y) AS y FROM app.t WHERE y LIKE 'row %'");
  EXPECT_EQ(rows.Str(0, "n"), "50");
  EXPECT_NE(lm.cluster.Exec("merge_rename_p", "SELECT pg_get_viewdef('app.v'::regclass) AS d").Str(0, "d").find("y"),
            std::string::npos);
}

TEST(Identity, LiveMergeOfABranchChangeOnATableTheParentRenamed) {
  LiveMerge lm("merge_follow",
               "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, x text);"
               "INSERT INTO app.t SELECT g, 'r' FROM generate_series(1, 20) g;");
  std::string sql;
  auto m = lm.Run("ALTER TABLE app.t RENAME TO u;",
                  "ALTER TABLE app.t ADD COLUMN w int; CREATE INDEX t_w ON app.t (w);"
                  "ALTER TABLE app.t ALTER COLUMN x SET NOT NULL;",
                  &sql);
  for (const auto& c : m.conflicts) ADD_FAILURE() << c.object << ": " << c.reason;
  EXPECT_TRUE(m.renames.empty());
  EXPECT_NE(sql.find("app.u"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("app.t "), std::string::npos) << sql;
  EXPECT_EQ(lm.Remaining(m), "") << sql;
  EXPECT_EQ(lm.cluster.Exec("merge_follow_p", "SELECT count(*) AS n FROM app.u").Str(0, "n"), "20");
}

TEST(Identity, LiveMergeOfATableRenameOnTheBranch) {
  LiveMerge lm("merge_tren",
               "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, x text);"
               "CREATE SEQUENCE app.s OWNED BY app.t.id; CREATE VIEW app.v AS SELECT x FROM app.t;"
               "INSERT INTO app.t SELECT g, 'r' FROM generate_series(1, 20) g;");
  std::string sql;
  auto m = lm.Run("CREATE INDEX t_x ON app.t (x); COMMENT ON TABLE app.t IS 'parent';",
                  "ALTER TABLE app.t RENAME TO u; ALTER TABLE app.u RENAME CONSTRAINT t_pkey TO u_pkey;"
                  "ALTER SEQUENCE app.s RENAME TO s2;",
                  &sql);
  for (const auto& c : m.conflicts) ADD_FAILURE() << c.object << ": " << c.reason;
  EXPECT_EQ(m.renames.size(), 3u) << sql;
  EXPECT_EQ(lm.Remaining(m), "") << sql;
  EXPECT_EQ(lm.cluster.Exec("merge_tren_p", "SELECT count(*) AS n FROM app.u").Str(0, "n"), "20");
}

TEST(Identity, LiveMergeOfIndependentEditsOnBothSides) {
  LiveMerge lm("merge_both",
               "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('sad', 'happy');"
               "CREATE TABLE app.t (id int PRIMARY KEY, x text, m app.mood);"
               "CREATE ROLE merge_reader NOLOGIN;"
               "INSERT INTO app.t SELECT g, 'r', 'sad' FROM generate_series(1, 20) g;");
  std::string sql;
  auto m = lm.Run("CREATE VIEW app.px AS SELECT id, x FROM app.t; ALTER TYPE app.mood ADD VALUE 'ok';"
                  "GRANT SELECT ON app.t TO merge_reader; ALTER TABLE app.t ADD COLUMN pcol int;"
                  "CREATE POLICY pp ON app.t USING (id > 1);",
                  "ALTER TABLE app.t RENAME COLUMN x TO label; ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'happy';"
                  "COMMENT ON TABLE app.t IS 'both'; ALTER TABLE app.t ADD COLUMN bcol int;"
                  "CREATE POLICY bp ON app.t USING (id > 2);",
                  &sql);
  for (const auto& c : m.conflicts) ADD_FAILURE() << c.object << ": " << c.reason;
  EXPECT_EQ(lm.Remaining(m), "") << sql;
  auto t = m.target.Find("table:app.t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->def["columns"], nlohmann::json({"id", "label", "m", "pcol", "bcol"}));
  EXPECT_EQ(m.target.Find("type:app.mood")->def["labels"], nlohmann::json({"sad", "meh", "happy", "ok"}));
  EXPECT_NE(lm.cluster.Exec("merge_both_p", "SELECT pg_get_viewdef('app.px'::regclass) AS d").Str(0, "d").find("label"),
            std::string::npos);
  EXPECT_EQ(lm.cluster.Exec("merge_both_p", "SELECT count(*) AS n FROM app.t WHERE label = 'r'").Str(0, "n"), "20");
}

TEST(Identity, LiveMergeOfASchemaAndFunctionRenameOnTheBranch) {
  LiveMerge lm("merge_srename",
               "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, x text);"
               "CREATE FUNCTION app.norm(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower($1)';"
               "CREATE VIEW app.v AS SELECT app.norm(x) AS n FROM app.t;"
               "INSERT INTO app.t SELECT g, 'R' FROM generate_series(1, 10) g;");
  std::string sql;
  auto m = lm.Run("CREATE TABLE app.added_by_parent (id int); CREATE INDEX t_x ON app.t (app.norm(x));",
                  "ALTER FUNCTION app.norm(text) RENAME TO normalize; ALTER SCHEMA app RENAME TO core;", &sql);
  for (const auto& c : m.conflicts) ADD_FAILURE() << c.object << ": " << c.reason;
  ASSERT_EQ(m.renames.size(), 2u) << sql;
  EXPECT_EQ(m.renames[0].sql, "ALTER SCHEMA app RENAME TO core;");
  EXPECT_EQ(m.renames[1].sql, "ALTER FUNCTION core.norm(text) RENAME TO \"normalize\";");
  EXPECT_NE(m.target.Find("table:core.added_by_parent"), nullptr);
  EXPECT_EQ(lm.Remaining(m), "") << sql;
  EXPECT_EQ(lm.cluster.Exec("merge_srename_p", "SELECT count(*) AS n FROM core.v WHERE n = 'r'").Str(0, "n"), "10");
}

TEST(Identity, LiveMergeBlocksAColumnRenamedOnBothSidesAndABranchViewOnADroppedColumn) {
  LiveMerge lm("merge_clash", "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, x text, gone int);");
  Load(lm.cluster, "merge_clash_p", "ALTER TABLE app.t RENAME COLUMN x TO px; ALTER TABLE app.t DROP COLUMN gone;");
  Load(lm.cluster, "merge_clash_b", "ALTER TABLE app.t RENAME COLUMN x TO bx; CREATE VIEW app.g AS SELECT gone FROM app.t;");
  auto m = merge::MergeSchemas(lm.base, Read(lm.cluster, "merge_clash_p"), Read(lm.cluster, "merge_clash_b"));
  std::set<std::string> got;
  for (const auto& c : m.conflicts) got.insert(c.object + ": " + c.reason);
  EXPECT_TRUE(got.count("app.t.x: renamed on both sides differently (parent: app.t.px; branch: app.t.bx)"))
      << ::testing::PrintToString(got);
  bool view = false;
  for (const auto& g : got) view |= g.rfind("app.g: the branch's app.g depends on app.t.gone, which the parent dropped", 0) == 0;
  EXPECT_TRUE(view) << ::testing::PrintToString(got);
}

}  // namespace
}  // namespace graft::testing
