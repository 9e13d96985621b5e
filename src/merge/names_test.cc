#include "merge/names.h"

#include <gtest/gtest.h>

#include "ddl/rename.h"

namespace graft::merge {
namespace {

using schema::ObjectKind;

TEST(MergeNames, RenamesAreQuotingAwareAndLeaveLiteralsAlone) {
  EXPECT_EQ(RenameQualified("SELECT t.a FROM public.t JOIN other.t USING (a)", "public", "t", "u"),
            "SELECT t.a FROM public.u JOIN other.t USING (a)");
  EXPECT_EQ(RenameQualified("SELECT 1 FROM \"public\".\"t\" WHERE x = 'public.t'", "public", "t", "New T"),
            "SELECT 1 FROM \"public\".\"New T\" WHERE x = 'public.t'");
  EXPECT_EQ(RenameQualified("nextval('public.t_id_seq'::regclass)", "public", "t_id_seq", "s"),
            "nextval('public.s'::regclass)");
  EXPECT_EQ(RenameColumn("CHECK ((x > 0) AND (other.x > 0) AND (t.x < 5))", "public", "t", "x", "y"),
            "CHECK ((y > 0) AND (other.x > 0) AND (t.y < 5))");
  EXPECT_EQ(RenameColumn("CHECK ((\"X\" > 0) AND (x = 'x'))", "public", "t", "x", "Y"),
            "CHECK ((\"X\" > 0) AND (\"Y\" = 'x'))");
  EXPECT_EQ(RenameColumn(" SELECT t.id,\n    t.x\n   FROM public.t\n  WHERE (t.x <> 'a'::text);", "public", "t", "x", "y", true),
            " SELECT t.id,\n    t.y AS x\n   FROM public.t\n  WHERE (t.y <> 'a'::text);");
  EXPECT_EQ(RenameColumn(" SELECT t.x,\n    t.id\n   FROM public.t;", "public", "t", "x", "y", true),
            " SELECT t.y AS x,\n    t.id\n   FROM public.t;");
  EXPECT_EQ(RenameSchemaQualifier("SELECT app.f(a.x) FROM app.t a", "app", "core"), "SELECT core.f(a.x) FROM core.t a");
  EXPECT_TRUE(MentionsQualified("INSERT INTO public.audit VALUES (1)", "public", "audit"));
  EXPECT_FALSE(MentionsQualified("SELECT 'public.audit' || x.audit", "public", "audit"));
}

TEST(RenameSql, EveryRenameableKind) {
  using schema::ObjectId;
  auto sql = [](ObjectId a, ObjectId b) {
    auto s = ddl::RenameSql(a, b);
    EXPECT_TRUE(s.has_value()) << a.Key();
    std::string out;
    for (const auto& x : s.value_or(std::vector<std::string>{})) out += x;
    return out;
  };
  EXPECT_EQ(sql({ObjectKind::kTable, "public", "", "t", ""}, {ObjectKind::kTable, "public", "", "u", ""}),
            "ALTER TABLE public.t RENAME TO u;");
  EXPECT_EQ(sql({ObjectKind::kColumn, "public", "u", "x", ""}, {ObjectKind::kColumn, "public", "u", "Y", ""}),
            "ALTER TABLE public.u RENAME COLUMN x TO \"Y\";");
  EXPECT_EQ(sql({ObjectKind::kConstraint, "s", "t", "a", ""}, {ObjectKind::kConstraint, "s", "t", "b", ""}),
            "ALTER TABLE s.t RENAME CONSTRAINT a TO b;");
  EXPECT_EQ(sql({ObjectKind::kIndex, "s", "", "a", ""}, {ObjectKind::kIndex, "s", "", "b", ""}), "ALTER INDEX s.a RENAME TO b;");
  EXPECT_EQ(sql({ObjectKind::kView, "s", "", "a", ""}, {ObjectKind::kView, "s2", "", "b", ""}),
            "ALTER VIEW s.a SET SCHEMA s2;ALTER VIEW s2.a RENAME TO b;");
  EXPECT_EQ(sql({ObjectKind::kFunction, "s", "", "f", "integer"}, {ObjectKind::kFunction, "s", "", "g", "integer"}),
            "ALTER FUNCTION s.f(integer) RENAME TO g;");
  EXPECT_EQ(sql({ObjectKind::kPolicy, "s", "t", "p", ""}, {ObjectKind::kPolicy, "s", "t", "q", ""}),
            "ALTER POLICY p ON s.t RENAME TO q;");
  EXPECT_EQ(sql({ObjectKind::kTrigger, "s", "t", "a", ""}, {ObjectKind::kTrigger, "s", "t", "b", ""}),
            "ALTER TRIGGER a ON s.t RENAME TO b;");
  EXPECT_EQ(sql({ObjectKind::kSchema, "", "", "a", ""}, {ObjectKind::kSchema, "", "", "b", ""}), "ALTER SCHEMA a RENAME TO b;");
  EXPECT_EQ(sql({ObjectKind::kType, "s", "", "e", ""}, {ObjectKind::kType, "s", "", "e2", ""}), "ALTER TYPE s.e RENAME TO e2;");
  EXPECT_EQ(sql({ObjectKind::kColumn, "s", "t", "x", ""}, {ObjectKind::kColumn, "s", "u", "x", ""}), "");
  EXPECT_FALSE(ddl::RenameSql({ObjectKind::kExtension, "", "", "a", ""}, {ObjectKind::kExtension, "", "", "b", ""}));
}

TEST(MergeNames, MentionsBareColumnAndSchemaQualifier) {
  EXPECT_TRUE(MentionsBare("select count(*) from t where x > 0", "t"));
  EXPECT_FALSE(MentionsBare("select count(*) from public.t", "t"));
  EXPECT_FALSE(MentionsBare("select 't' from other", "t"));
  EXPECT_TRUE(MentionsBare("select 1 from \"T\"", "T"));
  EXPECT_FALSE(MentionsBare("select 1 from T", "T"));  // a bare T is t
  EXPECT_TRUE(MentionsColumn("new.updated_at := now();", "updated_at"));
  EXPECT_TRUE(MentionsColumn("select updated_at from t", "updated_at"));
  EXPECT_FALSE(MentionsColumn("select updated_at.x from t", "updated_at"));
  EXPECT_FALSE(MentionsColumn("raise notice 'updated_at'", "updated_at"));
  EXPECT_TRUE(MentionsSchemaQualifier("select 1 from app.t", "app"));
  EXPECT_FALSE(MentionsSchemaQualifier("select app from t", "app"));
}

TEST(MergeNames, SplitFunctionDefGivesTheBodyAndTheSearchPath) {
  auto f = SplitFunctionDef(
      "CREATE OR REPLACE FUNCTION public.f(t integer)\n RETURNS integer\n LANGUAGE sql\n"
      " SET search_path TO 'public', \"extensions\"\nAS $function$ select count(*)::int from t $function$\n");
  EXPECT_EQ(f.body, " select count(*)::int from t ");
  EXPECT_TRUE(f.has_path);
  EXPECT_EQ(f.search_path, (std::vector<std::string>{"public", "extensions"}));
  auto g = SplitFunctionDef(
      "CREATE OR REPLACE FUNCTION public.g()\n RETURNS trigger\n LANGUAGE plpgsql\n"
      "AS $function$begin new.a := $x$AS $y$$x$; return new; end$function$\n");
  EXPECT_EQ(g.body, "begin new.a := $x$AS $y$$x$; return new; end");
  EXPECT_FALSE(g.has_path);
  // A SQL-standard body: Postgres prints it with current names; nothing to check.
  auto h = SplitFunctionDef("CREATE OR REPLACE FUNCTION public.h()\n RETURNS integer\n LANGUAGE sql\n"
                            "RETURN (SELECT count(*) FROM public.t)\n");
  EXPECT_EQ(h.body, "");
}

}  // namespace
}  // namespace graft::merge
