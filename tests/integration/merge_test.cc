// graft branch merge, end to end (issue 9).
//
// MergeCases.Shard/<i> runs every kMergeShards-th directory of
// tests/cases/merge/ (sorted, starting at the i-th), each shard on one project
// of its own, so ctest spreads the cases over its jobs (reused: per case the parent's user schemas are dropped, base.sql applied,
// branch `b` created, parent.sql / branch.sql and the optional parent.sh /
// branch.sh CLI steps applied, the merge run, its result checked, the branch
// deleted). The merge, what a case is about, is a real `graft branch merge`
// process; the setup around it (connections, branch create and delete) goes
// through the engine in this process, which saves six graft processes a case
// (each costs more than the step itself under the sanitizers), and the
// parent is read (introspected, rows counted) only for the checks the case's
// expected exit code asks for. A case's expected result is one of:
//   expected.sql   the parent's final user schema, compared through the schema
//                  model with a scratch database built from it; the merge
//                  exits 0 and no parent row is lost;
//   conflicts.txt  the conflicting objects (one display name a line); the
//                  merge exits 2 and the parent is unchanged;
//   expect.json    {"code", "args", "env", "message", "output_contains",
//                  "output_lacks", "parent_moves", "reviewed_plan_reused"}: another exit code (the parent unchanged
//                  unless code is 0), extra flags, env hooks, a substring of
//                  the error message, of the output, text the output must not
//                  show (a secret); parent_moves: a drift hook changes the
//                  parent on purpose; reviewed_plan_reused: whether the
//                  apply reused the merge computed for the shown plan.
// check.sql (optional): queries run on the parent afterwards, each line one
// query that must return true. A case with a `pending` file (its first line
// says why) is expected to fail until the merge module catches up: it runs,
// is reported, and does not fail the test; it is never counted as passed.
// GRAFT_MERGE_CASES=<substring>[,<substring>...] runs only matching cases.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

#include "common/error.h"
#include "ddl/plan.h"
#include "engine/engine.h"
#include "introspect/introspect.h"
#include "platform/platform.h"
#include "pg/conn.h"
#include "integration/graft_home.h"

namespace graft::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const fs::path& p) {
  std::ifstream f(p);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      if (!line.empty() && line[0] != '#' && line.rfind("--", 0) != 0) out.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  if (!line.empty() && line[0] != '#' && line.rfind("--", 0) != 0) out.push_back(line);
  return out;
}

std::vector<std::string> UserExclusions() {
  auto v = platform::Schemas();
  v.push_back("cron");
  return v;
}

schema::Schema Model(const std::string& url) {
  auto c = pg::Conn::Open(url);
  introspect::Options o;
  o.exclude_schemas = UserExclusions();
  return introspect::Introspect(c, o);
}

// The user tables of a database with their row counts.
std::map<std::string, int64_t> RowCounts(const std::string& url) {
  auto c = pg::Conn::Open(url);
  std::string ex;
  for (const auto& s : UserExclusions()) ex += (ex.empty() ? "" : ",") + pg::QuoteLiteral(s);
  auto r = c.Exec("SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname NOT IN "
                  "('pg_catalog','information_schema'," + ex + ")");
  std::map<std::string, int64_t> out;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::string t = r.Str(i, "t");
    out[t] = std::stoll(c.Exec("SELECT count(*) AS n FROM " + t).Str(0, "n"));
  }
  return out;
}

class Project {
 public:
  Project() {
    h.Ok({"project", "create", "app"});
    eng = std::make_unique<engine::Engine>(h.dir(), /*allow_other_owner=*/false, engine::HomeMode::kOpen);
    eng->Recover();
    parent_url = eng->Resolve(std::string("app"), std::nullopt).url;
    // Extensions the platform installs are part of every model: ignored.
    auto fresh = Model(parent_url);
    for (const auto& [k, o] : fresh.objects()) {
      if (o.id.kind == schema::ObjectKind::kExtension) baseline_extensions.insert(k);
    }
    auto c = pg::Conn::Open(parent_url);
    c.Exec("CREATE DATABASE merge_expected TEMPLATE template0");
    expected_url = parent_url;
    auto slash = expected_url.rfind('/');
    auto q = expected_url.find('?', slash);
    expected_url = expected_url.substr(0, slash + 1) + "merge_expected" +
                   (q == std::string::npos ? "" : expected_url.substr(q));
  }

  // graft's own connection (graft_admin) to the parent or to branch `b`.
  pg::Conn Admin(const std::optional<std::string>& branch = std::nullopt) {
    return eng->Connect(eng->Resolve(std::string("app"), branch));
  }

  // Drops every user schema of the parent and recreates public.
  void Clean() {
    auto c = Admin();
    c.Exec(std::string("SET ROLE ") + instance::kUserRole);
    std::string ex;
    for (const auto& s : UserExclusions()) ex += "," + pg::QuoteLiteral(s);
    auto r = c.Exec(
        "SELECT quote_ident(nspname) AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN "
        "('information_schema'" + ex + ") AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = "
        "pg_namespace.oid AND d.deptype = 'e')");
    std::string sql;
    for (size_t i = 0; i < r.rows.size(); ++i) sql += "DROP SCHEMA " + r.Str(i, "n") + " CASCADE;";
    sql += "CREATE SCHEMA public; GRANT ALL ON SCHEMA public TO PUBLIC; RESET ROLE; DELETE FROM system.migrations;";
    c.ExecAll(sql);
  }

  void Expected(const std::string& sql) {
    auto c = pg::Conn::Open(parent_url);
    c.Exec("DROP DATABASE IF EXISTS merge_expected WITH (FORCE)");
    c.Exec("CREATE DATABASE merge_expected TEMPLATE template0");
    auto e = pg::Conn::Open(expected_url);
    // The parent's public schema as Clean() leaves it.
    e.ExecAll("DROP SCHEMA public CASCADE; CREATE SCHEMA public; GRANT ALL ON SCHEMA public TO PUBLIC;");
    if (!Lines(sql).empty()) e.ExecAll(sql);
  }

  // "" when the parent's user schema equals the expected database's.
  std::string CompareWithExpected() {
    auto parent = Model(parent_url), expected = Model(expected_url);
    for (const auto& k : baseline_extensions) {
      parent.Remove(k);
      expected.Remove(k);
    }
    auto plan = ddl::BuildPlan(expected, parent);
    return plan.ToText();
  }

  std::string Fingerprint() { return schema::SchemaFingerprint(Model(parent_url)); }

  GraftHome h;
  std::unique_ptr<engine::Engine> eng;  // on h's home; closed before h removes it
  std::string parent_url, expected_url;
  std::set<std::string> baseline_extensions;
};

struct Outcome {
  bool ok = true;
  std::string why;
  std::string steps;  // "setup 812 ms, read 95 ms, merge 1210 ms, ...": where a case's time goes
  void Fail(const std::string& w) {
    ok = false;
    why += w + "\n";
  }
};

int RunScript(Project& p, const fs::path& script, const std::string& target) {
  auto r = os::Run({.argv = {"/bin/sh", "-e", script.string()},
                    .env = {{"G", std::string(GRAFT_BINARY) + " --home " + p.h.dir()},
                            {"T", target},
                            {"GRAFT_PROJECT", ""}}});
  if (r.exit_code != 0) std::cerr << script << ": " << r.out << r.err;
  return r.exit_code;
}

Outcome RunCase(Project& p, const fs::path& dir) {
  Outcome out;
  auto t = std::chrono::steady_clock::now();
  auto lap = [&](const char* step) {
    auto now = std::chrono::steady_clock::now();
    out.steps += std::string(out.steps.empty() ? "" : ", ") + step + " " +
                 std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now - t).count()) + " ms";
    t = now;
  };
  p.Clean();
  // A case file runs as the user role, like SQL through a URL; one that
  // needs more (platform rows, CREATE ROLE) runs as graft_admin, with what it
  // creates handed to the user role afterwards (instance/roles.h).
  auto exec_file = [&](const std::optional<std::string>& branch, const fs::path& f) {
    if (!fs::exists(f) || Lines(Slurp(f)).empty()) return;
    auto c = p.Admin(branch);
    c.Exec(std::string("SET ROLE ") + instance::kUserRole);
    try {
      c.ExecAll(Slurp(f));
      return;
    } catch (const Error& e) {
      if (std::string(e.what()).find("permission denied") == std::string::npos) throw;
    }
    c.Exec("RESET ROLE");
    c.ExecAll(Slurp(f));
    instance::ReassignUserObjects(c);
  };
  try {
    exec_file(std::nullopt, dir / "base.sql");
  } catch (const std::exception& e) {
    out.Fail(std::string("base.sql: ") + e.what());
    return out;
  }
  try {
    p.eng->CreateBranch(std::string("app"), "b", {.mode = "full", .switch_context = false});
  } catch (const std::exception& e) {
    out.Fail(std::string("branch create: ") + e.what());
    return out;
  }
  json expect = fs::exists(dir / "expect.json") ? json::parse(Slurp(dir / "expect.json")) : json::object();
  try {
    exec_file(std::nullopt, dir / "parent.sql");
    if (fs::exists(dir / "parent.sh") && RunScript(p, dir / "parent.sh", "--project app") != 0) {
      out.Fail("parent.sh failed");
    }
    exec_file("b", dir / "branch.sql");
    if (fs::exists(dir / "branch.sh") && RunScript(p, dir / "branch.sh", "--project app --branch b") != 0) {
      out.Fail("branch.sh failed");
    }
  } catch (const std::exception& e) {
    out.Fail(std::string("setup: ") + e.what());
  }
  lap("setup");
  if (out.ok) {
    bool conflicts = fs::exists(dir / "conflicts.txt");
    int want = expect.value("code", conflicts ? 2 : 0);
    // What the checks below compare: the parent's schema when the merge must
    // leave it unchanged, its row counts when the merge must lose none.
    bool check_unchanged = want != 0 && !expect.value("parent_moves", false);
    std::string fp_before = check_unchanged ? p.Fingerprint() : "";
    auto rows_before = want == 0 ? RowCounts(p.parent_url) : std::map<std::string, int64_t>{};
    std::vector<std::string> args = {"branch", "merge", "b", "--project", "app", "-y", "--json"};
    for (const auto& a : expect.value("args", json::array())) args.push_back(a.get<std::string>());
    std::map<std::string, std::string> env;
    json env_json = expect.value("env", json::object());  // items() of a temporary would dangle
    for (const auto& [k, v] : env_json.items()) env[k] = v.get<std::string>();
    lap("read");
    auto r = p.h.Run(args, env);
    lap("merge");
    json j = json::parse(r.out, nullptr, false);
    if (r.code != want) out.Fail("exit " + std::to_string(r.code) + ", want " + std::to_string(want) + "\n" + r.out + r.err);
    if (j.is_discarded()) out.Fail("not one JSON object: " + r.out);
    if (expect.contains("message") && !j.is_discarded()) {
      std::string msg = j.contains("error") ? j["error"].value("message", "") : "";
      if (msg.find(expect["message"].get<std::string>()) == std::string::npos) {
        out.Fail("error message '" + msg + "' lacks '" + expect["message"].get<std::string>() + "'");
      }
    }
    for (const char* key : {"output_contains", "output_lacks"}) {
      if (!expect.contains(key)) continue;
      bool found = (r.out + r.err).find(expect[key].get<std::string>()) != std::string::npos;
      if (found != (std::string(key) == "output_contains")) out.Fail(std::string(key) + " " + expect[key].dump());
    }
    if (expect.contains("reviewed_plan_reused") && !j.is_discarded()) {
      json got = j.contains("summary") ? j["summary"].value("timings_ms", json::object()).value("reviewed_plan_reused", json())
                                       : json();
      if (got != expect["reviewed_plan_reused"]) out.Fail("reviewed_plan_reused " + got.dump() + ", want " + expect["reviewed_plan_reused"].dump());
    }
    if (check_unchanged) {
      if (p.Fingerprint() != fp_before) out.Fail("the parent changed although the merge exited " + std::to_string(r.code));
    }
    if (conflicts && !j.is_discarded()) {
      std::set<std::string> got, exp;
      for (const auto& c : j.value("conflicts", json::array())) got.insert(c["object"].get<std::string>());
      for (const auto& l : Lines(Slurp(dir / "conflicts.txt"))) exp.insert(l);
      if (got != exp) {
        std::string g, e;
        for (const auto& x : got) g += " [" + x + "]";
        for (const auto& x : exp) e += " [" + x + "]";
        out.Fail("conflicts:" + g + "\nexpected:" + e);
      }
    }
    if (fs::exists(dir / "expected.sql")) {
      try {
        p.Expected(Slurp(dir / "expected.sql"));
        std::string diff = p.CompareWithExpected();
        if (!diff.empty()) out.Fail("the parent differs from expected.sql; to get there it would need:\n" + diff);
      } catch (const std::exception& e) {
        out.Fail(std::string("expected.sql: ") + e.what());
      }
    }
    if (r.code == 0 && want == 0) {
      auto rows_after = RowCounts(p.parent_url);
      for (const auto& [t, n] : rows_before) {
        auto it = rows_after.find(t);
        bool allowed = std::find(args.begin(), args.end(), "--allow-data-loss") != args.end();
        if (it != rows_after.end() && it->second < n && !allowed) {
          out.Fail(t + " lost rows: " + std::to_string(n) + " -> " + std::to_string(it->second));
        }
      }
    }
    if (fs::exists(dir / "check.sql")) {
      auto c = pg::Conn::Open(p.parent_url);
      for (const auto& q : Lines(Slurp(dir / "check.sql"))) {
        try {
          auto res = c.Exec(q);
          if (res.rows.empty() || res.rows[0].empty() || res.rows[0][0].value_or("") != "t") out.Fail("check failed: " + q);
        } catch (const std::exception& e) {
          out.Fail("check " + q + ": " + e.what());
        }
      }
    }
  }
  lap("checks");
  try {
    p.eng->DeleteBranch(std::string("app"), "b");
  } catch (const std::exception& e) {
    out.Fail(std::string("branch delete: ") + e.what());
  }
  lap("delete");
  return out;
}

// Every case runs in exactly one shard: case k (in sorted order) in shard
// k % kMergeShards.
constexpr int kMergeShards = 4;

class MergeCases : public ::testing::TestWithParam<int> {};

TEST_P(MergeCases, Shard) {
  fs::path root = fs::path(GRAFT_SOURCE_DIR) / "tests" / "cases" / "merge";
  std::vector<fs::path> cases;
  // GRAFT_MERGE_CASES: comma-separated substrings of the cases to run.
  std::vector<std::string> only;
  if (const char* env = getenv("GRAFT_MERGE_CASES")) {
    std::string part;
    for (const char* c = env;; ++c) {
      if (*c == ',' || *c == '\0') {
        if (!part.empty()) only.push_back(part);
        part.clear();
        if (!*c) break;
      } else {
        part += *c;
      }
    }
  }
  for (const auto& e : fs::directory_iterator(root)) {
    if (!e.is_directory()) continue;
    std::string name = e.path().filename().string();
    bool wanted = only.empty();
    for (const auto& o : only) wanted = wanted || name.find(o) != std::string::npos;
    if (wanted) cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_FALSE(cases.empty());
  std::vector<fs::path> mine;
  for (size_t k = 0; k < cases.size(); ++k) {
    if (static_cast<int>(k % kMergeShards) == GetParam()) mine.push_back(cases[k]);
  }
  if (mine.empty()) {
    // Only with GRAFT_MERGE_CASES: fewer chosen cases than shards.
    std::cout << "merge cases: none of the " << cases.size() << " chosen falls in this shard\n";
    return;
  }
  cases = std::move(mine);
  Project p;
  int passed = 0, pending_failed = 0;
  std::vector<std::string> pending_passed;
  for (const auto& dir : cases) {
    std::string name = dir.filename().string();
    bool pending = fs::exists(dir / "pending");
    auto t0 = std::chrono::steady_clock::now();
    Outcome o = RunCase(p, dir);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    if (o.ok) {
      ++passed;
      if (pending) pending_passed.push_back(name);
      std::cout << "[ case ok ] " << name << " (" << ms << " ms: " << o.steps << ")" << (pending ? " (was pending)" : "")
                << std::endl;
    } else if (pending) {
      ++pending_failed;
      std::cout << "[ pending ] " << name << ": " << Lines(Slurp(dir / "pending")).at(0) << "\n" << o.why;
    } else {
      ADD_FAILURE() << "case " << name << " failed:\n" << o.why;
    }
  }
  std::cout << "merge cases: " << passed << " passed, " << pending_failed << " pending (failing as expected), "
            << cases.size() - passed - pending_failed << " failed, of " << cases.size() << "\n";
  // A pending case that passes must leave the list, as an excluded
  // conformance case that passes does.
  for (const auto& n : pending_passed) ADD_FAILURE() << "pending case " << n << " now passes: remove its pending file";
}

INSTANTIATE_TEST_SUITE_P(, MergeCases, ::testing::Range(0, kMergeShards));

}  // namespace
}  // namespace graft::testing

namespace graft::testing {
namespace {

// One project with a seeded table and branch `b` that adds a table.
struct Seeded {
  Seeded() {
    h.Ok({"project", "create", "app"});
    h.Ok({"sql", "--project", "app", "-c",
          "CREATE TABLE public.t (id int PRIMARY KEY, v text); INSERT INTO public.t SELECT g, 'v' FROM generate_series(1, 5) g"});
    h.Ok({"branch", "create", "b", "--project", "app", "--no-switch"});
    h.Ok({"sql", "--project", "app", "--branch", "b", "-c", "CREATE TABLE public.added (id int)"});
  }
  std::string ParentHas(const std::string& rel) {
    return h.Scalar("SELECT to_regclass('" + rel + "') IS NOT NULL", {"--project", "app"});
  }
  std::string State() {
    return h.Json({"branch", "list", "--project", "app"})["branches"][0]["state"].get<std::string>();
  }
  GraftHome h;
};

TEST(MergeCli, BadInputIsOneLineErrorsAndChangesNothing) {
  Seeded s;
  auto& h = s.h;
  auto expect = [&](std::vector<std::string> args, int code, const std::string& text) {
    auto r = h.Run(args);
    EXPECT_EQ(r.code, code) << GraftHome::Join(args) << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  };
  expect({"branch", "merge", "nope", "--project", "app", "-y"}, 4, "does not exist");
  expect({"branch", "merge", "b", "--project", "nope", "-y"}, 4, "nope");
  expect({"branch", "merge", "app", "--project", "app", "-y"}, 3, "into itself");
  expect({"branch", "merge", "b", "--project", "app", "-y", "--save-sql", "/nonexistent/dir/plan.sql"}, 3,
         "cannot write");
  // Without a terminal, -y is required.
  expect({"branch", "merge", "b", "--project", "app"}, 3, "without confirmation");
  h.Ok({"stop", "--project", "app"});
  auto r = h.Run({"branch", "merge", "b", "--project", "app", "-y"});
  EXPECT_EQ(r.code, 6) << r.err;
  EXPECT_NE(r.err.find("is stopped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: start it"), std::string::npos) << r.err;
  h.Ok({"start", "--project", "app"});
  EXPECT_EQ(s.ParentHas("public.added"), "f");
  EXPECT_EQ(s.State(), "ready");
}

TEST(MergeCli, DryRunShowsPlanJsonAndSavedSql) {
  Seeded s;
  auto& h = s.h;
  std::string file = h.dir() + "/plan.sql";
  auto r = h.Run({"branch", "merge", "b", "--project", "app", "--dry-run", "--save-sql", file});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("; 1 statements;"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-- create table public.added"), std::string::npos) << r.out;
  std::string saved = os::ReadFile(file);
  EXPECT_NE(saved.find("-- graft branch merge: app/b into app"), std::string::npos) << saved;
  EXPECT_NE(saved.find("parent fingerprint"), std::string::npos) << saved;
  EXPECT_NE(saved.find("BEGIN;\n"), std::string::npos) << saved;
  EXPECT_NE(saved.find("CREATE TABLE public.added"), std::string::npos) << saved;
  EXPECT_NE(saved.find("COMMIT;\n"), std::string::npos) << saved;
  auto j = h.Json({"branch", "merge", "b", "--project", "app", "--dry-run"});
  for (const char* k : {"summary", "changes", "config", "migrations", "conflicts", "sql", "parent_fingerprint", "applied"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["applied"], false);
  EXPECT_EQ(j["conflicts"], json::array());
  EXPECT_EQ(j["changes"][0]["kind"], "table");
  EXPECT_EQ(j["changes"][0]["object"], "public.added");
  EXPECT_EQ(s.ParentHas("public.added"), "f");  // a dry run applies nothing
  // The saved file applies as is.
  std::string url = h.Json({"url", "--project", "app"})["url"].get<std::string>();
  auto psql = os::Run({.argv = {"/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, url}});
  EXPECT_EQ(psql.exit_code, 0) << psql.err;
  EXPECT_EQ(s.ParentHas("public.added"), "t");
}

TEST(MergeCli, BlockedPlanSavesFileThatStopsPsql) {
  Seeded s;
  auto& h = s.h;
  h.Ok({"sql", "--project", "app", "-c", "CREATE TABLE public.added (id bigint, other text)"});
  std::string file = h.dir() + "/blocked.sql";
  auto r = h.Run({"branch", "merge", "b", "--project", "app", "-y", "--save-sql", file, "--json"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  auto j = json::parse(r.out);
  // Added on both sides differently: the table (and, object by object, its
  // columns) conflict, with both definitions and no T0 one.
  json table;
  for (const auto& c : j["conflicts"]) {
    if (c["object"] == "public.added") table = c;
  }
  ASSERT_TRUE(table.is_object()) << r.out;
  EXPECT_EQ(table["kind"], "table");
  EXPECT_FALSE(table["parent"].is_null());
  EXPECT_FALSE(table["branch"].is_null());
  EXPECT_TRUE(table["t0"].is_null());
  EXPECT_EQ(j["error"]["code"], 2);
  std::string saved = os::ReadFile(file);
  EXPECT_NE(saved.find("MERGE BLOCKED"), std::string::npos) << saved;
  EXPECT_LT(saved.find("RAISE EXCEPTION"), saved.find("BEGIN;")) << saved;
  std::string url = h.Json({"url", "--project", "app"})["url"].get<std::string>();
  auto psql = os::Run({.argv = {"/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, url}});
  EXPECT_NE(psql.exit_code, 0);
  EXPECT_EQ(h.Scalar("SELECT count(*)::text FROM information_schema.columns WHERE table_name = 'added'", {"--project", "app"}), "2");
  EXPECT_EQ(s.State(), "ready");
}

TEST(MergeCli, MergeAgainAfterMergeAndAfterReset) {
  Seeded s;
  auto& h = s.h;
  auto first = h.Json({"branch", "merge", "b", "--project", "app", "-y"});
  EXPECT_EQ(first["applied"], true);
  EXPECT_EQ(s.ParentHas("public.added"), "t");
  auto list = h.Json({"branch", "list", "--project", "app"});
  EXPECT_EQ(list["branches"][0]["state"], "merged");
  EXPECT_TRUE(list["branches"][0]["last_merge_at"].is_string()) << list.dump();
  // The branch keeps serving; more work merges from the new base, without a
  // false conflict on what was merged already.
  h.Ok({"sql", "--project", "app", "--branch", "b", "-c", "ALTER TABLE public.added ADD COLUMN more text"});
  h.Ok({"sql", "--project", "app", "-c", "CREATE TABLE public.parent_side (id int)"});
  auto second = h.Json({"branch", "merge", "b", "--project", "app", "-y"});
  EXPECT_EQ(second["conflicts"], json::array());
  EXPECT_EQ(second["base"], "merge");
  EXPECT_EQ(h.Scalar("SELECT count(*)::text FROM information_schema.columns WHERE table_name = 'added'", {"--project", "app"}), "2");
  EXPECT_EQ(s.ParentHas("public.parent_side"), "t");
  // Reset returns the branch and its merge base to T0: the branch no longer
  // has `added`, which the parent has from the merges: a parent-side change.
  h.Ok({"branch", "reset", "b", "--project", "app", "-y"});
  EXPECT_EQ(s.State(), "ready");
  auto third = h.Json({"branch", "merge", "b", "--project", "app", "-y"});
  EXPECT_EQ(third["base"], "t0");
  EXPECT_EQ(third["changes"], json::array()) << third.dump();
  EXPECT_EQ(s.ParentHas("public.added"), "t");
  EXPECT_EQ(h.Scalar("SELECT count(*)::text FROM public.t", {"--project", "app"}), "5");
}

class KillDuringMerge : public ::testing::TestWithParam<const char*> {};

TEST_P(KillDuringMerge, ParentFullyMergedOrUntouched) {
  Seeded s;
  auto& h = s.h;
  std::string step = GetParam();
  auto r = h.Run({"branch", "merge", "b", "--project", "app", "-y"}, {{"GRAFT_TEST_KILL_AT", "branch-merge:" + step}});
  EXPECT_EQ(r.signal, SIGKILL) << r.out << r.err;
  // The next command settles the interrupted merge.
  std::string state = s.State();
  bool after_commit = step == "apply" || step == "record";
  EXPECT_EQ(s.ParentHas("public.added"), after_commit ? "t" : "f") << step;
  EXPECT_EQ(state, after_commit ? "merged" : "ready") << step;
  auto list = h.Json({"branch", "list", "--project", "app"});
  EXPECT_EQ(list["branches"][0]["last_merge_at"].is_string(), after_commit) << list.dump();
  // And merging works afterwards (nothing left to merge once merged).
  auto again = h.Json({"branch", "merge", "b", "--project", "app", "-y"});
  EXPECT_EQ(again["conflicts"], json::array());
  EXPECT_EQ(s.ParentHas("public.added"), "t");
  EXPECT_EQ(s.State(), "merged");
}

INSTANTIATE_TEST_SUITE_P(Steps, KillDuringMerge, ::testing::Values("begin", "plan", "before-commit", "apply", "record"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace graft::testing
