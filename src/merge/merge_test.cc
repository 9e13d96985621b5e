#include "merge/merge.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "ddl/plan.h"
#include "merge/fields_merge.h"
#include "schema/fields.h"

namespace graft::merge {
namespace {

using nlohmann::json;
using schema::Object;
using schema::ObjectKind;
using schema::Schema;

// Hand-built objects with every required field of their kind (checked
// against defs/model_fields.json by Check() below).
Object Make(ObjectKind k, std::string sch, std::string table, std::string name, json def, std::string identity,
            std::vector<std::string> deps = {}) {
  Object o;
  o.id = {k, std::move(sch), std::move(table), std::move(name), ""};
  o.def = std::move(def);
  o.identity = std::move(identity);
  o.deps = std::move(deps);
  return o;
}

json TableDef(std::vector<std::string> columns) {
  return {{"owner", "app"}, {"acl", json::array({"app=arwdDxt/app"})}, {"comment", nullptr}, {"options", json::array()},
          {"columns", columns}, {"persistence", "p"}, {"partition_key", nullptr}, {"partition_bound", nullptr},
          {"rls", false}, {"rls_forced", false}, {"clustered_on", nullptr}, {"replica_identity", "d"},
          {"partition_of", nullptr}, {"inherits", json::array()}};
}

json ColumnDef(const std::string& type) {
  return {{"type", type}, {"comment", nullptr}, {"acl", json::array()}, {"collation", nullptr}, {"not_null", false},
          {"identity", ""}, {"generated", nullptr}, {"default", nullptr}, {"local", true}, {"inherited", false},
          {"statistics", nullptr}, {"storage", nullptr}};
}

// A schema with `public` and table public.t (oid 100) with columns id and x.
Schema Base() {
  Schema s;
  s.Put(Make(ObjectKind::kSchema, "", "", "public", {{"owner", "app"}, {"acl", json::array()}, {"comment", nullptr}},
             "pg_namespace:2200:0"));
  s.Put(Make(ObjectKind::kTable, "public", "", "t", TableDef({"id", "x"}), "pg_class:100:0", {"schema:public"}));
  s.Put(Make(ObjectKind::kColumn, "public", "t", "id", ColumnDef("integer"), "pg_class:100:1", {"table:public.t"}));
  s.Put(Make(ObjectKind::kColumn, "public", "t", "x", ColumnDef("text"), "pg_class:100:2", {"table:public.t"}));
  s.Put(Make(ObjectKind::kIndex, "public", "", "t_x",
             {{"table", "t"}, {"definition", "CREATE INDEX t_x ON public.t USING btree (x)"}, {"comment", nullptr}},
             "pg_class:101:0", {"column:public.t.x", "schema:public", "table:public.t"}));
  return s;
}

void Check(const Schema& s) {
  for (const auto& p : schema::DeclaredFields().Check(s)) ADD_FAILURE() << p;
}

SchemaMerge Merge3(const Schema& base, const Schema& parent, const Schema& branch) {
  Check(base);
  Check(parent);
  Check(branch);
  SchemaMerge m = MergeSchemas(base, parent, branch);
  Check(m.target);
  return m;
}

Object& Mut(Schema& s, const std::string& key) {
  Object* o = s.FindMutable(key);
  if (!o) throw std::runtime_error("no " + key);
  return *o;
}

void AddColumn(Schema& s, const std::string& table, const std::string& name, const std::string& identity) {
  Mut(s, "table:public." + table).def["columns"].push_back(name);
  s.Put(Make(ObjectKind::kColumn, "public", table, name, ColumnDef("integer"), identity, {"table:public." + table}));
}

std::string Conflicts(const SchemaMerge& m) {
  std::string out;
  for (const auto& c : m.conflicts) out += c.object + ": " + c.reason + "\n";
  return out;
}

TEST(MergeSchemas, UntouchedIsNothingToDo) {
  Schema b = Base();
  auto m = Merge3(b, b, b);
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_TRUE(m.changes.empty());
  EXPECT_TRUE(ddl::BuildPlan(m.from, m.target).empty());
}

TEST(MergeSchemas, ParentGrantAndBranchCommentOnOneTableBothLand) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(p, "table:public.t").def["acl"].push_back("reader=r/app");
  Mut(r, "table:public.t").def["comment"] = "the t";
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  const Object* t = m.target.Find("table:public.t");
  EXPECT_EQ(t->def["comment"], "the t");
  EXPECT_EQ(t->def["acl"], json::array({"app=arwdDxt/app", "reader=r/app"}));
  auto plan = ddl::BuildPlan(m.from, m.target);
  ASSERT_EQ(plan.statements.size(), 1u) << plan.ToText();
  EXPECT_NE(plan.statements[0].sql.find("COMMENT ON TABLE"), std::string::npos);
  ASSERT_EQ(m.changes.size(), 1u);
  EXPECT_EQ(m.changes[0].action, "alter");
}

TEST(MergeSchemas, GrantAndRevokeOfDifferentItemsCombineAsASet) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(b, "table:public.t").def["acl"] = {"a=r/app", "app=arwdDxt/app"};
  Mut(p, "table:public.t").def["acl"] = {"a=r/app", "app=arwdDxt/app", "c=r/app"};  // GRANT to c
  Mut(r, "table:public.t").def["acl"] = {"app=arwdDxt/app"};                        // REVOKE from a
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_EQ(m.target.Find("table:public.t")->def["acl"], json::array({"app=arwdDxt/app", "c=r/app"}));
}

TEST(MergeSchemas, ColumnsAddedOnBothSidesMergeInOrder) {
  Schema b = Base(), p = Base(), r = Base();
  AddColumn(p, "t", "px", "pg_class:100:3");
  AddColumn(r, "t", "ry", "pg_class:100:3");  // same attnum on the branch: never matched with the parent's
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_EQ(m.target.Find("table:public.t")->def["columns"], json::array({"id", "x", "px", "ry"}));
  EXPECT_NE(m.target.Find("column:public.t.px"), nullptr);
  EXPECT_NE(m.target.Find("column:public.t.ry"), nullptr);
  auto plan = ddl::BuildPlan(m.from, m.target);
  ASSERT_EQ(plan.statements.size(), 1u) << plan.ToText();
  EXPECT_NE(plan.statements[0].sql.find("ADD COLUMN ry"), std::string::npos) << plan.ToText();
}

TEST(MergeSchemas, TwoPoliciesOnOneTableAreClean) {
  Schema b = Base(), p = Base(), r = Base();
  auto policy = [](const std::string& name, const std::string& id) {
    return Make(ObjectKind::kPolicy, "public", "t", name,
                {{"permissive", true}, {"command", "r"}, {"roles", {"public"}}, {"using", "(x = 'a'::text)"},
                 {"with_check", nullptr}, {"comment", nullptr}},
                id, {"table:public.t"});
  };
  p.Put(policy("pp", "pg_policy:500:0"));
  r.Put(policy("rp", "pg_policy:500:0"));
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_NE(m.target.Find("policy:public.t.pp"), nullptr);
  EXPECT_NE(m.target.Find("policy:public.t.rp"), nullptr);
  ASSERT_EQ(m.changes.size(), 1u);
  EXPECT_EQ(m.changes[0].action, "add");
}

TEST(MergeSchemas, SameChangeOnBothSidesIsNothing) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(p, "column:public.t.x").def["not_null"] = true;
  Mut(r, "column:public.t.x").def["not_null"] = true;
  auto m = Merge3(b, p, r);
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_TRUE(m.changes.empty());
  EXPECT_TRUE(ddl::BuildPlan(m.from, m.target).empty());
}

TEST(MergeSchemas, DifferentFieldsOfOneColumnBothLand) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(p, "column:public.t.x").def["not_null"] = true;
  Mut(r, "column:public.t.x").def["default"] = "'n'::text";
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  const Object* x = m.target.Find("column:public.t.x");
  EXPECT_EQ(x->def["not_null"], true);
  EXPECT_EQ(x->def["default"], "'n'::text");
}

TEST(MergeSchemas, AlterAlterOfOneFieldIsAConflictNamingTheFields) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(p, "column:public.t.x").def["type"] = "varchar(10)";
  Mut(r, "column:public.t.x").def["type"] = "integer";
  Mut(r, "column:public.t.x").def["default"] = "0";
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  const Conflict& c = m.conflicts[0];
  EXPECT_EQ(c.kind, "column");
  EXPECT_EQ(c.object, "public.t.x");
  EXPECT_NE(c.reason.find("parent: type; branch: default, type; both: type"), std::string::npos) << c.reason;
  EXPECT_EQ(c.t0["type"], "text");
  EXPECT_EQ(c.parent["type"], "varchar(10)");
  EXPECT_EQ(c.branch["type"], "integer");
  EXPECT_EQ(c.ToJson()["parent"]["type"], "varchar(10)");
  // Blocked objects keep the parent's definition.
  EXPECT_EQ(m.target.Find("column:public.t.x")->def["type"], "varchar(10)");
}

TEST(MergeSchemas, AddAddWithDifferentDefinitionsConflictsAndEqualOnesDoNot) {
  Schema b = Base(), p = Base(), r = Base();
  AddColumn(p, "t", "n", "pg_class:100:3");
  AddColumn(r, "t", "n", "pg_class:100:3");
  auto same = Merge3(b, p, r);
  EXPECT_TRUE(same.conflicts.empty()) << Conflicts(same);
  EXPECT_TRUE(same.changes.empty());
  Mut(r, "column:public.t.n").def["type"] = "bigint";
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  EXPECT_EQ(m.conflicts[0].object, "public.t.n");
  EXPECT_NE(m.conflicts[0].reason.find("added on both sides with different definitions (type)"), std::string::npos)
      << m.conflicts[0].reason;
  EXPECT_TRUE(m.conflicts[0].t0.is_null());
}

TEST(MergeSchemas, AlterDropAndDropAlterConflict) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(p, "column:public.t.x").def["comment"] = "kept";
  r.Remove("column:public.t.x");
  r.Remove("index:public.t_x");
  Mut(r, "table:public.t").def["columns"] = {"id"};
  auto m = Merge3(b, p, r);
  ASSERT_FALSE(m.conflicts.empty());
  EXPECT_EQ(m.conflicts[0].object, "public.t.x");
  EXPECT_EQ(m.conflicts[0].reason, "changed on the parent, dropped on the branch");
  EXPECT_TRUE(m.conflicts[0].branch.is_null());

  auto m2 = Merge3(b, r, p);  // the same the other way round
  bool found = false;
  for (const auto& c : m2.conflicts) found |= c.object == "public.t.x" && c.reason == "dropped on the parent, changed on the branch";
  EXPECT_TRUE(found) << Conflicts(m2);
}

TEST(MergeSchemas, BranchDropLands) {
  Schema b = Base(), p = Base(), r = Base();
  r.Remove("index:public.t_x");
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_EQ(m.target.Find("index:public.t_x"), nullptr);
  ASSERT_EQ(m.changes.size(), 1u);
  EXPECT_EQ(m.changes[0].action, "drop");
}

TEST(MergeSchemas, BranchObjectOnWhatTheParentDroppedIsADependencyConflict) {
  Schema b = Base(), p = Base(), r = Base();
  b.Put(Make(ObjectKind::kTable, "public", "", "other", TableDef({}), "pg_class:200:0", {"schema:public"}));
  r.Put(b.objects().at("table:public.other"));
  // The branch adds a foreign key to public.other; the parent dropped it.
  r.Put(Make(ObjectKind::kConstraint, "public", "t", "t_other_fk",
             {{"type", "f"}, {"definition", "FOREIGN KEY (id) REFERENCES public.other(id)"}, {"comment", nullptr}},
             "pg_constraint:300:0", {"table:public.other", "table:public.t"}));
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  EXPECT_EQ(m.conflicts[0].object, "public.t.t_other_fk");
  EXPECT_NE(m.conflicts[0].reason.find("depends on public.other, which the parent dropped"), std::string::npos)
      << m.conflicts[0].reason;
}

TEST(MergeSchemas, BranchViewOnAColumnWhoseTypeTheParentChangedConflicts) {
  Schema b = Base(), p = Base(), r = Base();
  Mut(p, "column:public.t.x").def["type"] = "integer";
  r.Put(Make(ObjectKind::kView, "public", "", "v",
             {{"owner", "app"}, {"acl", json::array()}, {"comment", nullptr}, {"options", json::array()},
              {"columns", {"x"}}, {"definition", " SELECT t.x FROM public.t;"}},
             "pg_class:400:0", {"column:public.t.x", "schema:public", "table:public.t"}));
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  EXPECT_EQ(m.conflicts[0].object, "public.v");
  EXPECT_NE(m.conflicts[0].reason.find("uses public.t.x, which the parent changed (type)"), std::string::npos)
      << m.conflicts[0].reason;
}

TEST(MergeSchemas, NamesInADefinitionCountWhereDepsDoNotSay) {
  Schema b = Base(), p = Base(), r = Base();
  b.Put(Make(ObjectKind::kTable, "public", "", "audit", TableDef({}), "pg_class:200:0", {"schema:public"}));
  r.Put(b.objects().at("table:public.audit"));
  // A plpgsql body names public.audit; pg_depend does not track bodies.
  Object f = Make(ObjectKind::kFunction, "public", "", "log",
                  {{"arguments", ""}, {"result", "void"}, {"language", "plpgsql"}, {"owner", "app"},
                   {"acl", json::array()}, {"comment", nullptr},
                   {"definition", "CREATE FUNCTION public.log() RETURNS void AS $$ BEGIN INSERT INTO public.audit DEFAULT VALUES; END $$"}},
                  "pg_proc:600:0", {"schema:public"});
  f.id.args = "";
  r.Put(f);
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  EXPECT_NE(m.conflicts[0].reason.find("names public.audit, which the parent dropped"), std::string::npos)
      << m.conflicts[0].reason;
}

TEST(MergeSchemas, AFunctionBodyNamingWhatTheBranchRenamedIsAConflictNotABrokenBody) {
  Schema b = Base(), p = Base(), r = Base();
  // A body is text: Postgres does not rewrite it when the branch renames x to y.
  Object f = Make(ObjectKind::kFunction, "public", "", "max_x",
                  {{"arguments", ""}, {"result", "integer"}, {"language", "sql"}, {"owner", "app"},
                   {"acl", json::array()}, {"comment", nullptr},
                   {"definition", "CREATE OR REPLACE FUNCTION public.max_x()\n RETURNS integer\n LANGUAGE sql\n"
                                  "AS $function$ SELECT max(x) FROM t $function$\n"}},
                  "pg_proc:601:0", {"schema:public"});
  f.id.args = "";
  for (Schema* s : {&b, &p, &r}) s->Put(f);
  Object x = r.objects().at("column:public.t.x");
  r.Remove("column:public.t.x");
  x.id.name = "y";
  r.Put(x);
  Mut(r, "table:public.t").def["columns"] = {"id", "y"};
  Mut(r, "index:public.t_x").def["definition"] = "CREATE INDEX t_x ON public.t USING btree (y)";
  Mut(r, "index:public.t_x").deps = {"column:public.t.y", "schema:public", "table:public.t"};
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  EXPECT_EQ(m.conflicts[0].object, "public.max_x()");
  EXPECT_NE(m.conflicts[0].reason.find("names public.t.x by its old name (renamed to public.t.y on the branch)"),
            std::string::npos)
      << m.conflicts[0].reason;
  // The branch fixing the body too merges cleanly, as CREATE OR REPLACE.
  Mut(r, "function:public.max_x()").def["definition"] =
      "CREATE OR REPLACE FUNCTION public.max_x()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT max(y) FROM t $function$\n";
  auto fixed = Merge3(b, p, r);
  EXPECT_TRUE(fixed.conflicts.empty()) << Conflicts(fixed);
}

TEST(MergeSchemas, BranchColumnRenameIsARenameNotDropAndAdd) {
  Schema b = Base(), p = Base(), r = Base();
  // The branch renames x to y: same identity, new key, and the index follows.
  Object x = r.objects().at("column:public.t.x");
  r.Remove("column:public.t.x");
  x.id.name = "y";
  r.Put(x);
  Mut(r, "table:public.t").def["columns"] = {"id", "y"};
  Mut(r, "index:public.t_x").def["definition"] = "CREATE INDEX t_x ON public.t USING btree (y)";
  Mut(r, "index:public.t_x").deps = {"column:public.t.y", "schema:public", "table:public.t"};
  // Meanwhile the parent adds a column z.
  AddColumn(p, "t", "z", "pg_class:100:3");
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  ASSERT_EQ(m.renames.size(), 1u);
  EXPECT_EQ(m.renames[0].sql, "ALTER TABLE public.t RENAME COLUMN x TO y;");
  EXPECT_EQ(m.renames[0].from.Key(), "column:public.t.x");
  EXPECT_EQ(m.renames[0].to.Key(), "column:public.t.y");
  // `from` is the parent with the rename applied.
  EXPECT_EQ(m.from.Find("table:public.t")->def["columns"], json::array({"id", "y", "z"}));
  EXPECT_EQ(m.from.Find("index:public.t_x")->def["definition"], "CREATE INDEX t_x ON public.t USING btree (y)");
  EXPECT_NE(m.from.Find("column:public.t.y"), nullptr);
  EXPECT_EQ(m.target.Find("table:public.t")->def["columns"], json::array({"id", "y", "z"}));
  auto plan = ddl::BuildPlan(m.from, m.target);
  EXPECT_TRUE(plan.empty()) << plan.ToText();
  EXPECT_EQ(plan.ToText().find("DROP COLUMN"), std::string::npos);
  // Without identities the same change would be a drop and an add.
  Schema r2 = r;
  for (const auto& [k, o] : r.objects()) Mut(r2, k).identity.clear();
  Schema b2 = b;
  for (const auto& [k, o] : b.objects()) Mut(b2, k).identity.clear();
  auto guessed = MergeSchemas(b2, p, r2);
  EXPECT_TRUE(guessed.renames.empty());
}

TEST(MergeSchemas, BranchChangeFollowsAParentTableRename) {
  Schema b = Base(), p = Base(), r = Base();
  // The parent renames t to u (children move with it).
  Schema p2;
  for (const auto& [k, o] : p.objects()) {
    Object c = o;
    if (c.id.table == "t") c.id.table = "u";
    if (c.id.kind == ObjectKind::kTable && c.id.name == "t") c.id.name = "u";
    for (auto& d : c.deps) {
      if (d == "table:public.t") d = "table:public.u";
      if (d == "column:public.t.x") d = "column:public.u.x";
    }
    if (c.id.kind == ObjectKind::kIndex) {
      c.def["table"] = "u";
      c.def["definition"] = "CREATE INDEX t_x ON public.u USING btree (x)";
    }
    p2.Put(c);
  }
  // The branch adds a column to t and comments on x.
  AddColumn(r, "t", "added", "pg_class:100:3");
  Mut(r, "column:public.t.x").def["comment"] = "on x";
  auto m = Merge3(b, p2, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_TRUE(m.renames.empty());
  EXPECT_EQ(m.target.Find("table:public.t"), nullptr);
  ASSERT_NE(m.target.Find("column:public.u.added"), nullptr);
  EXPECT_EQ(m.target.Find("column:public.u.x")->def["comment"], "on x");
  EXPECT_EQ(m.target.Find("table:public.u")->def["columns"], json::array({"id", "x", "added"}));
  auto plan = ddl::BuildPlan(m.from, m.target);
  ASSERT_EQ(plan.statements.size(), 2u) << plan.ToText();
  EXPECT_NE(plan.ToText().find("ALTER TABLE public.u ADD COLUMN added"), std::string::npos) << plan.ToText();
}

TEST(MergeSchemas, BranchTableRenameRewritesChildrenAndDefinitions) {
  Schema b = Base(), p = Base(), r = Base();
  Schema r2;
  for (const auto& [k, o] : r.objects()) {
    Object c = o;
    if (c.id.table == "t") c.id.table = "u";
    if (c.id.kind == ObjectKind::kTable && c.id.name == "t") c.id.name = "u";
    if (c.id.kind == ObjectKind::kIndex) {
      c.def["table"] = "u";
      c.def["definition"] = "CREATE INDEX t_x ON public.u USING btree (x)";
    }
    r2.Put(c);
  }
  // The parent adds a check constraint on t meanwhile.
  p.Put(Make(ObjectKind::kConstraint, "public", "t", "x_short",
             {{"type", "c"}, {"definition", "CHECK ((length(x) < 10))"}, {"comment", nullptr}}, "pg_constraint:700:0",
             {"column:public.t.x", "table:public.t"}));
  auto m = Merge3(b, p, r2);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  ASSERT_EQ(m.renames.size(), 1u);
  EXPECT_EQ(m.renames[0].sql, "ALTER TABLE public.t RENAME TO u;");
  EXPECT_NE(m.from.Find("constraint:public.u.x_short"), nullptr);
  EXPECT_NE(m.from.Find("column:public.u.x"), nullptr);
  EXPECT_EQ(m.from.Find("index:public.t_x")->def["table"], "u");
  EXPECT_EQ(m.from.Find("constraint:public.u.x_short")->deps, (std::vector<std::string>{"column:public.u.x", "table:public.u"}));
  auto plan = ddl::BuildPlan(m.from, m.target);
  EXPECT_TRUE(plan.empty()) << plan.ToText();
}

TEST(MergeSchemas, RenamedDifferentlyOnBothSidesConflicts) {
  Schema b = Base(), p = Base(), r = Base();
  auto rename = [](Schema& s, const std::string& to) {
    Object i = s.objects().at("index:public.t_x");
    s.Remove("index:public.t_x");
    i.id.name = to;
    i.def["definition"] = "CREATE INDEX " + to + " ON public.t USING btree (x)";
    s.Put(i);
  };
  rename(p, "by_parent");
  rename(r, "by_branch");
  auto m = Merge3(b, p, r);
  ASSERT_EQ(m.conflicts.size(), 1u) << Conflicts(m);
  EXPECT_NE(m.conflicts[0].reason.find("renamed on both sides differently"), std::string::npos);
  EXPECT_EQ(m.conflicts[0].object, "public.t_x");  // named as in the base; the reason names both new names
  // The same rename on both sides is fine.
  Schema r2 = Base();
  rename(r2, "by_parent");
  auto same = Merge3(b, p, r2);
  EXPECT_TRUE(same.conflicts.empty()) << Conflicts(same);
  EXPECT_TRUE(same.renames.empty());
  // A rename on the branch only renders ALTER INDEX with the index's own name rewritten in `from`.
  auto one = Merge3(b, Base(), r);
  ASSERT_EQ(one.renames.size(), 1u);
  EXPECT_EQ(one.renames[0].sql, "ALTER INDEX public.t_x RENAME TO by_branch;");
  EXPECT_TRUE(ddl::BuildPlan(one.from, one.target).empty()) << ddl::BuildPlan(one.from, one.target).ToText();
}

TEST(MergeSchemas, ReCreatedObjectIsDropAndAdd) {
  Schema b = Base(), p = Base(), r = Base();
  Object x = r.objects().at("column:public.t.x");
  x.identity = "pg_class:100:3";  // dropped and added again: a new attnum
  x.def["type"] = "integer";
  r.Put(x);
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_TRUE(m.renames.empty());
  std::set<std::string> actions;
  for (const auto& c : m.changes) actions.insert(c.action + " " + c.object);
  EXPECT_TRUE(actions.count("drop public.t.x")) << m.changes.size();
  EXPECT_TRUE(actions.count("add public.t.x"));
  EXPECT_EQ(m.target.Find("column:public.t.x")->def["type"], "integer");
}

TEST(MergeSchemas, EnumLabelsAddedOnBothSidesMergeAsAList) {
  Schema b = Base();
  b.Put(Make(ObjectKind::kType, "public", "", "mood",
             {{"owner", "app"}, {"acl", json::array()}, {"comment", nullptr}, {"type", "enum"}, {"labels", {"a", "b"}}},
             "pg_type:800:0", {"schema:public"}));
  Schema p = b, r = b;
  Mut(p, "type:public.mood").def["labels"] = {"a", "b", "c"};
  Mut(r, "type:public.mood").def["labels"] = {"a", "a2", "b"};
  auto m = Merge3(b, p, r);
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_EQ(m.target.Find("type:public.mood")->def["labels"], json::array({"a", "a2", "b", "c"}));
}

TEST(MergeList, InsertionsKeepOrderAndReordersOnBothSidesConflict) {
  json out;
  ASSERT_TRUE(MergeList({"a", "b"}, {"a", "b", "p"}, {"a", "b", "r"}, "", &out));
  EXPECT_EQ(out, json({"a", "b", "p", "r"}));
  ASSERT_TRUE(MergeList({"a", "b", "c"}, {"a", "c"}, {"a", "b", "c", "d"}, "", &out));
  EXPECT_EQ(out, json({"a", "c", "d"}));
  ASSERT_TRUE(MergeList({"a", "b"}, {"a", "b"}, {"b", "a"}, "", &out));
  EXPECT_EQ(out, json({"b", "a"}));
  EXPECT_FALSE(MergeList({"a", "b", "c"}, {"b", "a", "c"}, {"a", "c", "b"}, "", &out));
  // Lists of objects: items are named by item_key and merge three-way.
  json base = json::array({{{"name", "a"}, {"type", "int"}}});
  json par = json::array({{{"name", "a"}, {"type", "bigint"}}});
  json br = json::array({{{"name", "a"}, {"type", "int"}}, {{"name", "b"}, {"type", "text"}}});
  ASSERT_TRUE(MergeList(base, par, br, "name", &out));
  EXPECT_EQ(out, json::array({{{"name", "a"}, {"type", "bigint"}}, {{"name", "b"}, {"type", "text"}}}));
  json br2 = json::array({{{"name", "a"}, {"type", "text"}}});
  EXPECT_FALSE(MergeList(base, par, br2, "name", &out));
}

TEST(MergeDefs, DomainConstraintsMergeEntryByEntry) {
  json b = {{"constraints", {{"c1", "CHECK ((VALUE > 0))"}}}};
  json p = {{"constraints", {{"c1", "CHECK ((VALUE > 0))"}, {"c2", "CHECK ((VALUE < 9))"}}}};
  json r = {{"constraints", json::object()}};
  auto m = MergeDefs(ObjectKind::kDomain, b, p, r);
  ASSERT_TRUE(m.conflicts.empty());
  EXPECT_EQ(m.def["constraints"], json({{"c2", "CHECK ((VALUE < 9))"}}));
  json r2 = {{"constraints", {{"c1", "CHECK ((VALUE > 1))"}}}};
  json p2 = {{"constraints", {{"c1", "CHECK ((VALUE > 2))"}}}};
  auto clash = MergeDefs(ObjectKind::kDomain, b, p2, r2);
  EXPECT_EQ(clash.conflicts, std::vector<std::string>{"constraints.c1"});
}

}  // namespace
}  // namespace graft::merge

namespace graft::merge {
namespace {

// 1,000 tables of 6 columns and an index each; the branch renames 50 columns
// and adds 50, the parent comments 50 tables: all of it merges cleanly, and
// the time is printed (the engine's bench/ measures the whole merge).
TEST(MergeSchemas, ThousandTablesWithRenamesOnBothSides) {
  Schema b;
  b.Put(Make(ObjectKind::kSchema, "", "", "public", {{"owner", "app"}, {"acl", json::array()}, {"comment", nullptr}},
             "pg_namespace:2200:0"));
  for (int t = 0; t < 1000; ++t) {
    std::string name = "t" + std::to_string(t), oid = std::to_string(20000 + t * 2);
    std::vector<std::string> cols;
    for (int c = 0; c < 6; ++c) cols.push_back("c" + std::to_string(c));
    b.Put(Make(ObjectKind::kTable, "public", "", name, TableDef(cols), "pg_class:" + oid + ":0", {"schema:public"}));
    for (int c = 0; c < 6; ++c) {
      b.Put(Make(ObjectKind::kColumn, "public", name, cols[c], ColumnDef("text"), "pg_class:" + oid + ":" + std::to_string(c + 1),
                 {"table:public." + name}));
    }
    b.Put(Make(ObjectKind::kIndex, "public", "", name + "_c1",
               {{"table", name}, {"definition", "CREATE INDEX " + name + "_c1 ON public." + name + " USING btree (c1)"},
                {"comment", nullptr}},
               "pg_class:" + std::to_string(20001 + t * 2) + ":0", {"column:public." + name + ".c1", "table:public." + name}));
  }
  Schema p = b, r = b;
  for (int t = 0; t < 1000; t += 20) {
    std::string name = "t" + std::to_string(t);
    Mut(p, "table:public." + name).def["comment"] = "parent";
    Object c1 = r.objects().at("column:public." + name + ".c1");
    r.Remove(c1.id.Key());
    c1.id.name = "renamed";
    r.Put(c1);
    Mut(r, "table:public." + name).def["columns"][1] = "renamed";
    Mut(r, "index:public." + name + "_c1").def["definition"] =
        "CREATE INDEX " + name + "_c1 ON public." + name + " USING btree (renamed)";
    Mut(r, "index:public." + name + "_c1").deps = {"column:public." + name + ".renamed", "table:public." + name};
    AddColumn(r, "t" + std::to_string(t + 1), "extra", "pg_class:99999:1");
  }
  auto start = std::chrono::steady_clock::now();
  SchemaMerge m = MergeSchemas(b, p, r);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ merge    ] " << b.size() << " objects, " << m.renames.size() << " renames, " << m.changes.size()
            << " changes: " << ms << " ms\n";
  ASSERT_TRUE(m.conflicts.empty()) << Conflicts(m);
  EXPECT_EQ(m.renames.size(), 50u);
  auto plan = ddl::BuildPlan(m.from, m.target);
  EXPECT_EQ(plan.statements.size(), 50u) << plan.ToText().substr(0, 2000);  // the 50 ADD COLUMNs
  EXPECT_EQ(plan.ToText().find("DROP"), std::string::npos);
}

}  // namespace
}  // namespace graft::merge
