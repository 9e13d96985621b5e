#include "ddl/plan.h"
#include "ddl/planner.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace graft::ddl {
namespace {

using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::Schema;

Object Make(ObjectKind k, const std::string& table, const std::string& name, nlohmann::json def,
            std::vector<std::string> deps = {}) {
  Object o;
  o.id = ObjectId{k, "public", table, name, ""};
  o.def = std::move(def);
  o.deps = std::move(deps);
  return o;
}

void AddTable(Schema& s, const std::string& name, const std::vector<std::string>& cols) {
  s.Put(Make(ObjectKind::kTable, "", name,
             {{"columns", cols}, {"persistence", "p"}, {"options", nlohmann::json::array()}, {"inherits", nlohmann::json::array()},
              {"partition_of", nullptr}, {"partition_key", nullptr}, {"owner", "me"}, {"acl", nlohmann::json::array()}}));
  for (const auto& c : cols) {
    s.Put(Make(ObjectKind::kColumn, name, c, {{"type", "integer"}, {"local", true}, {"not_null", false}, {"identity", ""}},
               {"table:public." + name}));
  }
}

size_t IndexOf(const Plan& p, const std::string& needle) {
  for (size_t i = 0; i < p.statements.size(); ++i) {
    if (p.statements[i].sql.find(needle) != std::string::npos) return i;
  }
  return std::string::npos;
}

TEST(Plan, EmptyForEqualSchemas) {
  Schema a;
  AddTable(a, "t", {"id"});
  Plan p = BuildPlan(a, a);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.ToText(), "");
}

TEST(Plan, ReferencedTableComesBeforeForeignKey) {
  Schema a, b;
  b.current_user = a.current_user = "me";
  AddTable(b, "orders", {"id", "user_id"});
  AddTable(b, "users", {"id"});
  b.Put(Make(ObjectKind::kConstraint, "orders", "orders_user_fk",
             {{"type", "f"}, {"definition", "FOREIGN KEY (user_id) REFERENCES public.users(id)"}},
             {"table:public.orders", "table:public.users"}));
  Plan p = BuildPlan(a, b);
  size_t users = IndexOf(p, "CREATE TABLE public.users");
  size_t fk = IndexOf(p, "ADD CONSTRAINT orders_user_fk");
  ASSERT_NE(users, std::string::npos);
  ASSERT_NE(fk, std::string::npos);
  EXPECT_LT(users, fk);
  EXPECT_LT(IndexOf(p, "CREATE TABLE public.orders"), fk);
}

TEST(Plan, DroppedColumnIsHazardous) {
  Schema a, b;
  AddTable(a, "t", {"id", "old"});
  AddTable(b, "t", {"id"});
  Plan p = BuildPlan(a, b);
  ASSERT_EQ(p.statements.size(), 1u);
  EXPECT_EQ(p.statements[0].sql, "ALTER TABLE public.t DROP COLUMN old;");
  EXPECT_EQ(p.statements[0].action, "drop");
  EXPECT_TRUE(p.statements[0].Has(Hazard::kDeletesData));
}

TEST(Plan, EnumValueAddedInPosition) {
  Schema a, b;
  nlohmann::json d = {{"type", "enum"}, {"labels", {"a", "c"}}, {"owner", "me"}, {"acl", nlohmann::json::array()}};
  a.Put(Make(ObjectKind::kType, "", "e", d));
  d["labels"] = {"a", "b", "c"};
  b.Put(Make(ObjectKind::kType, "", "e", d));
  Plan p = BuildPlan(a, b);
  ASSERT_EQ(p.statements.size(), 1u);
  EXPECT_EQ(p.statements[0].sql, "ALTER TYPE public.e ADD VALUE 'b' AFTER 'a';");
}

TEST(Plan, ColumnInsertedInTheMiddleRecreatesTableWithCopy) {
  Schema a, b;
  AddTable(a, "t", {"id", "z"});
  AddTable(b, "t", {"id", "mid", "z"});
  Plan p = BuildPlan(a, b);
  size_t rename = IndexOf(p, "RENAME TO t__graft_old");
  size_t create = IndexOf(p, "CREATE TABLE public.t");
  size_t copy = IndexOf(p, "INSERT INTO public.t (id, z)");
  size_t drop = IndexOf(p, "DROP TABLE public.t__graft_old");
  ASSERT_NE(copy, std::string::npos);
  EXPECT_LT(rename, create);
  EXPECT_LT(create, copy);
  EXPECT_LT(copy, drop);
  EXPECT_FALSE(p.notes.empty());
}

TEST(Plan, ChangedViewRecreatesDependentView) {
  Schema a, b;
  auto view = [](const std::string& name, const std::string& def, std::vector<std::string> deps) {
    return Make(ObjectKind::kView, "", name, {{"definition", def}, {"options", nlohmann::json::array()}, {"columns", {"x"}}}, deps);
  };
  a.Put(view("v1", "SELECT 1 AS x;", {}));
  a.Put(view("v2", "SELECT v1.x FROM public.v1;", {"view:public.v1"}));
  b.Put(view("v1", "SELECT 2 AS x;", {}));
  b.Put(view("v2", "SELECT v1.x FROM public.v1;", {"view:public.v1"}));
  Plan p = BuildPlan(a, b);
  size_t drop2 = IndexOf(p, "DROP VIEW public.v2");
  size_t drop1 = IndexOf(p, "DROP VIEW public.v1");
  size_t create1 = IndexOf(p, "CREATE VIEW public.v1");
  size_t create2 = IndexOf(p, "CREATE VIEW public.v2");
  ASSERT_NE(drop2, std::string::npos);
  EXPECT_LT(drop2, drop1);
  EXPECT_LT(drop1, create1);
  EXPECT_LT(create1, create2);
  EXPECT_EQ(p.statements[drop2].action, "recreate");
}

TEST(Plan, JsonHasStatementsAndSummary) {
  Schema a, b;
  AddTable(b, "t", {"id"});
  nlohmann::json j = BuildPlan(a, b).ToJson();
  ASSERT_TRUE(j["statements"].is_array());
  EXPECT_EQ(j["statements"][0]["kind"], "table");
  EXPECT_EQ(j["statements"][0]["action"], "create");
  EXPECT_EQ(j["summary"]["statements"], j["statements"].size());
}

}  // namespace
}  // namespace graft::ddl

namespace graft::ddl {
namespace {

// Models can also come from JSON (as the branch lifecycle stores them).
schema::Schema FromObjects(const nlohmann::json& objects) {
  return schema::FromJson({{"version", 1}, {"objects", objects}});
}

TEST(PlanFromJson, ReplacedFunctionRecreatesTriggerInOrder) {
  nlohmann::json fn = {{"kind", "function"}, {"schema", "public"}, {"name", "touch"}, {"args", ""},
                       {"def", {{"arguments", ""}, {"result", "trigger"}, {"language", "plpgsql"},
                                {"definition", "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger ..."}}}};
  nlohmann::json tbl = {{"kind", "table"}, {"schema", "public"}, {"name", "t"},
                        {"def", {{"columns", nlohmann::json::array()}, {"persistence", "p"}}}};
  nlohmann::json trg = {{"kind", "trigger"}, {"schema", "public"}, {"table", "t"}, {"name", "tr"},
                        {"def", {{"definition", "CREATE TRIGGER tr BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()"},
                                 {"enabled", "O"}}},
                        {"deps", {"function:public.touch()", "table:public.t"}}};
  schema::Schema a = FromObjects({fn, tbl, trg});
  fn["def"]["result"] = "trigger ";  // a different result type forces drop + create
  schema::Schema b = FromObjects({fn, tbl, trg});
  Plan p = BuildPlan(a, b);
  size_t drop_trg = IndexOf(p, "DROP TRIGGER tr");
  size_t drop_fn = IndexOf(p, "DROP FUNCTION public.touch()");
  size_t create_fn = IndexOf(p, "CREATE OR REPLACE FUNCTION public.touch()");
  size_t create_trg = IndexOf(p, "CREATE TRIGGER tr");
  ASSERT_NE(drop_trg, std::string::npos);
  EXPECT_LT(drop_trg, drop_fn);
  EXPECT_LT(drop_fn, create_fn);
  EXPECT_LT(create_fn, create_trg);
}

TEST(PlanFromJson, PolicyChangeIsAnAlterAndGrantsAreDiffed) {
  nlohmann::json tbl = {{"kind", "table"}, {"schema", "public"}, {"name", "t"},
                        {"def", {{"columns", nlohmann::json::array()}, {"persistence", "p"}, {"owner", "o"},
                                 {"acl", {"bob=SELECT", "o=SELECT"}}}}};
  nlohmann::json pol = {{"kind", "policy"}, {"schema", "public"}, {"table", "t"}, {"name", "p"},
                        {"def", {{"command", "r"}, {"permissive", true}, {"roles", {"public"}}, {"using", "true"}, {"with_check", nullptr}}},
                        {"deps", {"table:public.t"}}};
  schema::Schema a = FromObjects({tbl, pol});
  pol["def"]["using"] = "false";
  tbl["def"]["acl"] = {"carol=SELECT*", "o=SELECT"};
  schema::Schema b = FromObjects({tbl, pol});
  Plan p = BuildPlan(a, b);
  EXPECT_NE(IndexOf(p, "ALTER POLICY p ON public.t TO PUBLIC USING (false)"), std::string::npos);
  EXPECT_NE(IndexOf(p, "REVOKE SELECT ON TABLE public.t FROM bob"), std::string::npos);
  EXPECT_NE(IndexOf(p, "GRANT SELECT ON TABLE public.t TO carol WITH GRANT OPTION"), std::string::npos);
  EXPECT_EQ(IndexOf(p, "DROP POLICY"), std::string::npos);
}

TEST(PlanFromJson, DroppedSequenceWaitsForTheDefaultThatUsedIt) {
  nlohmann::json seq = {{"kind", "sequence"}, {"schema", "public"}, {"name", "s"},
                        {"def", {{"type", "bigint"}, {"start", "1"}, {"increment", "1"}, {"min", "1"}, {"max", "9"}, {"cache", "1"}, {"cycle", false}}}};
  nlohmann::json tbl = {{"kind", "table"}, {"schema", "public"}, {"name", "t"},
                        {"def", {{"columns", {"id"}}, {"persistence", "p"}}}};
  nlohmann::json col = {{"kind", "column"}, {"schema", "public"}, {"table", "t"}, {"name", "id"},
                        {"def", {{"type", "bigint"}, {"default", "nextval('public.s'::regclass)"}, {"local", true}, {"not_null", false}, {"identity", ""}}},
                        {"deps", {"sequence:public.s", "table:public.t"}}};
  schema::Schema a = FromObjects({seq, tbl, col});
  col["def"]["default"] = nullptr;
  col["deps"] = {"table:public.t"};
  schema::Schema b = FromObjects({tbl, col});
  Plan p = BuildPlan(a, b);
  size_t drop_default = IndexOf(p, "ALTER COLUMN id DROP DEFAULT");
  size_t drop_seq = IndexOf(p, "DROP SEQUENCE");
  ASSERT_NE(drop_default, std::string::npos);
  ASSERT_NE(drop_seq, std::string::npos);
  EXPECT_LT(drop_default, drop_seq);
}

}  // namespace
}  // namespace graft::ddl

namespace graft::ddl {
namespace {

TEST(RenderCreate, TableAndColumnOnTheirOwn) {
  schema::Schema s;
  AddTable(s, "t", {"a", "b"});
  const schema::Object* t = s.Find("table:public.t");
  ASSERT_NE(t, nullptr);
  // The model's empty ACL (every privilege revoked, even the owner's) follows
  // the CREATE, as in a plan.
  EXPECT_EQ(RenderCreate(*t, s),
            "CREATE TABLE public.t (\n    a integer,\n    b integer\n);\n\n"
            "REVOKE DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE public.t FROM me;");
  const schema::Object* b = s.Find("column:public.t.b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(RenderCreate(*b, s), "ALTER TABLE public.t ADD COLUMN b integer;");
}

TEST(RenderCreate, StatementsCarryKeyAndTypedHazards) {
  schema::Schema a, b;
  AddTable(a, "t", {"id", "old"});
  AddTable(b, "t", {"id"});
  Plan p = BuildPlan(a, b);
  ASSERT_EQ(p.statements.size(), 1u);
  EXPECT_EQ(p.statements[0].key, "column:public.t.old");
  EXPECT_EQ(p.statements[0].hazards, (std::vector<Hazard>{Hazard::kAccessExclusiveLock, Hazard::kDeletesData}));
  EXPECT_EQ(p.ToJson()["statements"][0]["hazards"], nlohmann::json({"access_exclusive_lock", "deletes_data"}));
}

}  // namespace
}  // namespace graft::ddl

namespace graft::ddl {
namespace {

TEST(TypeChange, WithoutAKnownCastIsDecidedWhenThePlanRuns) {
  schema::Schema a, b;
  AddTable(a, "t", {"id", "created"});
  AddTable(b, "t", {"id", "created"});
  schema::Object col = *b.Find("column:public.t.created");
  col.def["type"] = "timestamp without time zone";
  b.Put(col);
  col = *a.Find("column:public.t.created");
  col.def["type"] = "bigint";
  a.Put(col);
  Plan p = BuildPlan(a, b);
  size_t i = IndexOf(p, "ALTER COLUMN created TYPE timestamp without time zone");
  ASSERT_NE(i, std::string::npos);
  const Statement& s = p.statements[i];
  EXPECT_NE(s.sql.find("FROM pg_catalog.pg_cast WHERE castsource = 'bigint'::pg_catalog.regtype"), std::string::npos);
  EXPECT_NE(s.sql.find("USING NULL"), std::string::npos);
  EXPECT_NE(s.sql.find("RAISE EXCEPTION '%', 'graft: column public.t.created cannot change from bigint to timestamp"),
            std::string::npos);
  EXPECT_TRUE(s.Has(Hazard::kDeletesData));
  // The refusal is also checked first, before the plan changes anything.
  ASSERT_FALSE(p.statements.empty());
  EXPECT_EQ(p.statements[0].action, "check");
  EXPECT_NE(p.statements[0].sql.find("RAISE EXCEPTION"), std::string::npos);
  EXPECT_EQ(p.statements[0].sql.find("ALTER TABLE"), std::string::npos);
}

TEST(TypeChange, KnownCasts) {
  EXPECT_TRUE(internal::KnownCast("integer", "bigint"));
  EXPECT_TRUE(internal::KnownCast("character varying(10)", "character varying(20)"));
  EXPECT_TRUE(internal::KnownCast("text", "integer[]"));
  EXPECT_TRUE(internal::KnownCast("date", "timestamp with time zone"));
  EXPECT_TRUE(internal::KnownCast("integer", "public.positive"));  // not known here: left to Postgres
  EXPECT_FALSE(internal::KnownCast("bigint", "timestamp without time zone"));
  EXPECT_FALSE(internal::KnownCast("boolean", "date"));
  EXPECT_FALSE(internal::KnownCast("integer", "integer[]"));
}

}  // namespace
}  // namespace graft::ddl

namespace graft::ddl {
namespace {

Object Extension(const std::string& version) {
  Object o;
  o.id = ObjectId{ObjectKind::kExtension, "", "", "citext", ""};
  o.def = {{"schema", "public"}, {"version", version}, {"comment", nullptr}};
  return o;
}

TEST(Plan, UnusedExtensionGoesBackByDropAndCreate) {
  Schema a, b;
  a.Put(Extension("1.6"));
  b.Put(Extension("1.4"));
  Plan p = BuildPlan(a, b);
  size_t drop = IndexOf(p, "DROP EXTENSION citext");
  size_t create = IndexOf(p, "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.4'");
  ASSERT_NE(drop, std::string::npos);
  ASSERT_NE(create, std::string::npos);
  EXPECT_LT(drop, create);
  EXPECT_EQ(IndexOf(p, "UPDATE TO"), std::string::npos);
  // An upgrade stays an ALTER ("1.10" is above "1.9").
  Schema c, d;
  c.Put(Extension("1.9"));
  d.Put(Extension("1.10"));
  Plan up = BuildPlan(c, d);
  ASSERT_EQ(up.statements.size(), 1u);
  EXPECT_EQ(up.statements[0].sql, "ALTER EXTENSION citext UPDATE TO '1.10';");
}

TEST(Plan, UsedExtensionGoingBackIsNoted) {
  Schema a, b;
  a.Put(Extension("1.6"));
  b.Put(Extension("1.4"));
  AddTable(a, "t", {"name"});
  AddTable(b, "t", {"name"});
  Object* col = a.FindMutable("column:public.t.name");
  ASSERT_NE(col, nullptr);
  col->deps.push_back("extension:citext");
  Plan p = BuildPlan(a, b);
  EXPECT_EQ(IndexOf(p, "DROP EXTENSION"), std::string::npos);
  EXPECT_NE(IndexOf(p, "ALTER EXTENSION citext UPDATE TO '1.4'"), std::string::npos);
  bool noted = false;
  for (const auto& n : p.notes) noted = noted || n.find("no downgrade path") != std::string::npos;
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace graft::ddl

namespace graft::ddl {
namespace {

TEST(Plan, InvalidIndexIsBuiltAgainAndNeverAdopted) {
  // A partition's own index left invalid, which the target has as the clone
  // of a new partitioned index: dropped first (CREATE INDEX on the parent
  // would attach it invalid), then renamed from the new clone.
  Schema a, b;
  a.current_user = b.current_user = "me";
  for (Schema* s : {&a, &b}) {
    AddTable(*s, "p", {"id"});
    AddTable(*s, "p1", {"id"});
    s->FindMutable("table:public.p")->def["partition_key"] = "RANGE (id)";
    s->FindMutable("table:public.p1")->def["partition_of"] = {"public", "p"};
    s->FindMutable("table:public.p1")->def["partition_bound"] = "FOR VALUES FROM (0) TO (10)";
  }
  a.Put(Make(ObjectKind::kIndex, "", "p1_id",
             {{"table", "p1"}, {"definition", "CREATE INDEX p1_id ON public.p1 USING btree (id)"}, {"invalid", true}},
             {"table:public.p1"}));
  b.Put(Make(ObjectKind::kIndex, "", "p_id",
             {{"table", "p"}, {"definition", "CREATE INDEX p_id ON public.p USING btree (id)"},
              {"partition_names", {{"table:public.p1", "p1_id"}}}},
             {"table:public.p"}));
  Plan p = BuildPlan(a, b);
  size_t drop = IndexOf(p, "DROP INDEX public.p1_id");
  size_t create = IndexOf(p, "CREATE INDEX p_id ON public.p");
  size_t rename = IndexOf(p, "RENAME TO %I', 'public', n, 'p1_id'");
  ASSERT_NE(drop, std::string::npos) << p.ToText();
  ASSERT_NE(create, std::string::npos) << p.ToText();
  ASSERT_NE(rename, std::string::npos) << p.ToText();
  EXPECT_LT(drop, create);
  EXPECT_LT(create, rename);
  // The same index, valid in the target: built again.
  Schema c = a, d = a;
  d.FindMutable("index:public.p1_id")->def.erase("invalid");
  Plan q = BuildPlan(c, d);
  EXPECT_NE(IndexOf(q, "DROP INDEX public.p1_id"), std::string::npos) << q.ToText();
  EXPECT_NE(IndexOf(q, "CREATE INDEX p1_id ON public.p1"), std::string::npos) << q.ToText();
  // Never the other way: graft cannot make an index invalid.
  EXPECT_TRUE(BuildPlan(d, c).statements.empty()) << BuildPlan(d, c).ToText();
}

TEST(Plan, ForeignTableRendersServerAndOptions) {
  Schema a, b;
  a.current_user = b.current_user = "me";
  AddTable(b, "ft", {"id"});
  b.FindMutable("table:public.ft")->def["server"] = "srv";
  b.FindMutable("table:public.ft")->def["foreign_options"] = {"table_name=remote"};
  b.FindMutable("table:public.ft")->def["comment"] = "far away";
  b.FindMutable("column:public.ft.id")->def["fdw_options"] = {"column_name=rid"};
  Plan p = BuildPlan(a, b);
  EXPECT_NE(IndexOf(p, "CREATE FOREIGN TABLE public.ft (\n    id integer OPTIONS (column_name 'rid')\n) SERVER srv OPTIONS (table_name 'remote')"),
            std::string::npos)
      << p.ToText();
  EXPECT_NE(IndexOf(p, "COMMENT ON FOREIGN TABLE public.ft IS 'far away'"), std::string::npos) << p.ToText();
  Plan drop = BuildPlan(b, a);
  EXPECT_NE(IndexOf(drop, "DROP FOREIGN TABLE public.ft"), std::string::npos) << drop.ToText();
  for (const auto& s : drop.statements) EXPECT_EQ(std::count(s.hazards.begin(), s.hazards.end(), Hazard::kDeletesData), 0) << s.sql;
  // Options change in place; a new server recreates it.
  Schema c = b;
  c.FindMutable("table:public.ft")->def["foreign_options"] = {"table_name=other", "batch=10"};
  c.FindMutable("column:public.ft.id")->def.erase("fdw_options");
  Plan alter = BuildPlan(b, c);
  EXPECT_NE(IndexOf(alter, "ALTER FOREIGN TABLE public.ft OPTIONS (SET table_name 'other', ADD batch '10')"), std::string::npos)
      << alter.ToText();
  EXPECT_NE(IndexOf(alter, "ALTER FOREIGN TABLE public.ft ALTER COLUMN id OPTIONS (DROP column_name)"), std::string::npos)
      << alter.ToText();
  c.FindMutable("table:public.ft")->def["server"] = "srv2";
  Plan moved = BuildPlan(b, c);
  EXPECT_LT(IndexOf(moved, "DROP FOREIGN TABLE public.ft"), IndexOf(moved, "SERVER srv2")) << moved.ToText();
}

}  // namespace
}  // namespace graft::ddl
