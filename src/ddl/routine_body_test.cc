#include "ddl/routine_body.h"

#include <gtest/gtest.h>

#include "ddl/plan.h"

namespace graft::ddl {
namespace {

using schema::Object;
using schema::ObjectId;
using schema::ObjectKind;
using schema::Schema;

std::string Fn(const std::string& lang_and_body, const std::string& extra = "") {
  return "CREATE OR REPLACE FUNCTION app.f(a integer)\n RETURNS integer\n LANGUAGE " + lang_and_body.substr(0, lang_and_body.find(' ')) +
         "\n" + extra + "AS $function$" + lang_and_body.substr(lang_and_body.find(' ') + 1) + "$function$\n";
}

TEST(SqlBodyNames, RelationsAndCallsOfAStringBody) {
  BodyNames n = SqlBodyNames(Fn("sql select count(*) from s.t join u using (id) where g(a) > 0 and s2.h(1)"));
  EXPECT_EQ(n.relations, (std::vector<BodyName>{{"s", "t"}, {"", "u"}}));
  EXPECT_EQ(n.routines, (std::vector<BodyName>{{"", "count"}, {"", "g"}, {"s2", "h"}}));
  EXPECT_TRUE(n.search_path.empty());
}

TEST(SqlBodyNames, SearchPathOfTheRoutine) {
  BodyNames n = SqlBodyNames(Fn("sql select 1 from t", " SET search_path TO 'app', 'public'\n"));
  EXPECT_EQ(n.search_path, (std::vector<std::string>{"app", "public"}));
  EXPECT_EQ(n.relations, (std::vector<BodyName>{{"", "t"}}));
}

TEST(SqlBodyNames, NothingForOtherLanguagesStandardBodiesAndBadSql) {
  EXPECT_TRUE(SqlBodyNames(Fn("plpgsql begin return (select 1 from t); end")).relations.empty());
  EXPECT_TRUE(SqlBodyNames("CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT 1 FROM app.t; END")
                  .relations.empty());
  EXPECT_TRUE(SqlBodyNames(Fn("sql select from from")).relations.empty());
  EXPECT_TRUE(SqlBodyNames("not sql at all").relations.empty());
}

TEST(SqlBodyNames, ProcedureCallsAndWrites) {
  BodyNames n = SqlBodyNames(
      "CREATE OR REPLACE PROCEDURE app.p()\n LANGUAGE sql\nAS $procedure$insert into app.log select * from app.src; "
      "call app.q()$procedure$\n");
  EXPECT_EQ(n.relations, (std::vector<BodyName>{{"app", "log"}, {"app", "src"}}));
  EXPECT_EQ(n.routines, (std::vector<BodyName>{{"app", "q"}}));
}

Object Make(ObjectKind k, const std::string& schema, const std::string& name, const std::string& args,
            nlohmann::json def) {
  Object o;
  o.id = ObjectId{k, schema, "", name, args};
  o.def = std::move(def);
  return o;
}

TEST(BodyDependencies, ResolvesThroughTheSchemaAndSkipsUnknownNames) {
  Schema s;
  s.Put(Make(ObjectKind::kTable, "app", "t", "", nlohmann::json::object()));
  s.Put(Make(ObjectKind::kView, "public", "u", "", nlohmann::json::object()));
  s.Put(Make(ObjectKind::kFunction, "app", "g", "integer", nlohmann::json::object()));
  s.Put(Make(ObjectKind::kFunction, "app", "g", "text", nlohmann::json::object()));
  s.Put(Make(ObjectKind::kFunction, "app", "gg", "", nlohmann::json::object()));
  Object f = Make(ObjectKind::kFunction, "app", "f", "a integer",
                  {{"language", "sql"}, {"definition", Fn("sql select g(a) from t join u using (id) join nowhere using (id)")}});
  s.Put(f);
  EXPECT_EQ(BodyDependencies(s, f), (std::vector<std::string>{"function:app.g(integer)", "function:app.g(text)",
                                                               "table:app.t", "view:public.u"}));
  f.def["language"] = "plpgsql";
  EXPECT_TRUE(BodyDependencies(s, f).empty());
}

}  // namespace
}  // namespace graft::ddl
