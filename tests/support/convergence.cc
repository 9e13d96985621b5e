#include "support/convergence.h"

#include <signal.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "ddl/plan.h"
#include "engine/apply.h"
#include "engine/diff.h"
#include "introspect/introspect.h"
#include "os/files.h"
#include "os/process.h"
#include "pg/transaction.h"
#include "support/step_clock.h"

#ifndef GRAFT_BINARY
#error "GRAFT_BINARY must be defined (path of the graft executable)"
#endif

namespace graft::testing {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kDiffTimeoutSeconds = "300";

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Indent(const std::string& text, const std::string& prefix = "    ") {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) out += prefix + line + "\n";
  return out;
}

std::string DbName(const std::string& id, const char* side) {
  std::string n;
  for (char c : Lower(id)) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (n.size() > 55) n = n.substr(n.size() - 55);
  return "t_" + n + "_" + side;
}

// Roles named in "-- roles: a, b" header lines of our own case files.
void HeaderRoles(const std::string& sql, std::set<std::string>& roles) {
  std::istringstream in(sql);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("--", 0) != 0) break;  // only the leading comment block
    std::string body = Trim(line.substr(2));
    if (body.rfind("roles:", 0) != 0) continue;
    std::stringstream list(body.substr(6));
    std::string role;
    while (std::getline(list, role, ',')) {
      role = Trim(role);
      if (!role.empty()) roles.insert(role);
    }
  }
}

// `graft diff A B` (text) as a user runs it.
os::RunResult GraftDiff(const std::string& graft, const PgCluster& cluster, const std::string& a,
                        const std::string& b, const std::vector<std::string>& filters) {
  os::RunOptions ro;
  ro.argv = {"timeout", kDiffTimeoutSeconds, graft, "diff", cluster.url(a), cluster.url(b)};
  for (const auto& f : filters) ro.argv.push_back(f);
  return os::Run(ro);
}

// graft's model of `db` (what `graft diff` reads with these options).
schema::Schema ReadModel(const PgCluster& cluster, const std::string& db, const introspect::Options& opts) {
  pg::Conn conn = pg::Conn::Open(cluster.url(db));
  return introspect::Introspect(conn, opts);
}

// The second diff: the plan from `after` to B's model, as `graft diff`
// prints it ("" when there is nothing left to do).
std::string Replan(const schema::Schema& after, const schema::Schema& target) {
  std::string rest = engine::DiffSchemas(after, target).text;
  return Trim(rest).empty() ? "" : rest;
}

std::string DescribeFailure(const std::string& what, const os::RunResult& r) {
  std::string s = what + " exited with " +
                  (r.exit_code == 124 ? std::string("124 (timed out)")
                   : r.exit_code >= 0 ? std::to_string(r.exit_code)
                                      : "signal " + std::to_string(r.signal));
  if (!r.err.empty()) s += "\n  stderr:\n" + Indent(r.err);
  if (!r.out.empty()) s += "  stdout:\n" + Indent(r.out);
  return s;
}

std::string HazardName(const json& h) {
  if (h.is_string()) return h.get<std::string>();
  if (h.is_object()) {
    for (const char* key : {"kind", "type", "name", "code"}) {
      if (h.contains(key) && h[key].is_string()) return h[key].get<std::string>();
    }
  }
  return h.dump();
}

// The JSON plan's hazard names as the engine's hazards: a "cannot run in a
// transaction block" kind is not_transactional whatever its spelling (see
// IsNonTransactionalHazard); names the engine does not know are left out
// (they only matter to the hazard checks, which read the names).
std::vector<ddl::Hazard> EngineHazards(const std::vector<std::string>& names);

}  // namespace

bool IsNonTransactionalHazard(const std::string& hazard) {
  std::string h = Lower(hazard);
  return h.find("transaction") != std::string::npos;
}

namespace {

std::vector<ddl::Hazard> EngineHazards(const std::vector<std::string>& names) {
  static const ddl::Hazard kAll[] = {ddl::Hazard::kDeletesData,         ddl::Hazard::kRewritesTable,
                                     ddl::Hazard::kAccessExclusiveLock, ddl::Hazard::kIndexBuild,
                                     ddl::Hazard::kNotTransactional,    ddl::Hazard::kMayFailOnExistingData};
  std::vector<ddl::Hazard> out;
  for (const auto& n : names) {
    if (IsNonTransactionalHazard(n)) {
      out.push_back(ddl::Hazard::kNotTransactional);
      continue;
    }
    for (ddl::Hazard h : kAll) {
      if (n == ddl::HazardName(h)) out.push_back(h);
    }
  }
  return out;
}

// The plan as printed, through psql -f into `db`: each statement in its own
// transaction, as a user runs `graft diff` output.
ApplyOutcome ApplyAsPrinted(const PgCluster& cluster, const std::string& db, const std::string& plan) {
  ApplyOutcome out;
  out.mode = "as printed (psql -f)";
  os::RunResult r = cluster.RunSql(db, plan, false);
  out.applied = r.ok();
  if (!r.ok()) out.apply_error = r.err + r.out;
  return out;
}

}  // namespace

std::string CaseOutcome::Report() const {
  std::string r;
  for (const auto& p : problems) r += "case problem: " + p + "\n";
  if (!loaded) {
    r += "the case does not load on PostgreSQL 15 (list it in tests/conformance_exclusions.txt only if it "
         "truly cannot):\n" +
         Indent(load_error);
    return r;
  }
  if (!diff_ok) {
    r += "graft diff failed: " + diff_error + "\n";
    return r;
  }
  r += "plan (graft diff A B):\n" + (plan.empty() ? std::string("    (empty)\n") : Indent(plan));
  for (const auto& a : applies) {
    if (!a.applied) {
      r += "applying the plan to a copy of A failed (" + a.mode + "):\n" + Indent(a.apply_error);
      continue;
    }
    if (!a.rediff_ok) r += "second graft diff failed (" + a.mode + "): " + a.rediff_error + "\n";
    if (!a.rediff.empty()) r += "after applying " + a.mode + ", graft diff A B is not empty:\n" + Indent(a.rediff);
    if (!a.dump_diff.empty()) {
      r += "pg_dump --schema-only of A after the plan (" + a.mode + ") differs from B's:\n" + Indent(a.dump_diff);
    }
  }
  for (const auto& m : plan_mismatches) r += "expected.contains/expected.excludes: " + m + "\n";
  if (!missing_hazards.empty() || !unexpected_hazards.empty()) {
    if (!missing_hazards.empty()) r += "expected.hazards names hazards the plan does not have:";
    for (const auto& h : missing_hazards) r += " " + h;
    if (!unexpected_hazards.empty()) r += "\nthe plan has hazards expected.hazards does not name:";
    for (const auto& h : unexpected_hazards) r += " " + h;
    r += "\n  the plan's hazards:";
    for (const auto& h : plan_hazards) r += " " + h;
    r += "\n";
  }
  return r;
}

namespace {

// Loads `sql` (after `pre_sql`) into the fresh database `db`: over libpq as
// one script when it can (no process to start), else, and for scripts that
// need psql (COPY ... FROM stdin, statements that cannot run in one
// transaction), through psql -f into the database made again. Roles a fixture
// uses but its meta.json omits are created on the way (bounded). Returns ""
// or the failure.
std::string LoadDatabase(PgCluster& cluster, const std::string& db, const std::string& path,
                         const std::string& pre_sql, const std::string& sql) {
  try {
    pg::Conn conn = pg::Conn::Open(cluster.url(db));
    if (!pre_sql.empty()) conn.ExecAll(pre_sql);
    conn.ExecAll(sql);
    return "";
  } catch (const Error&) {
    // Whatever it was, psql decides (its error is the one reported).
  }
  auto fresh = [&] {
    cluster.DropDatabase(db);
    cluster.CreateDatabase(db);
    if (pre_sql.empty()) return os::RunResult{.exit_code = 0};
    return cluster.RunSql(db, pre_sql);
  };
  os::RunResult pre = fresh();
  if (!pre.ok()) return DescribeFailure("pre_sql (meta.json) in " + db, pre);
  os::RunResult r = cluster.RunSql(db, sql);
  for (int attempt = 0; attempt < 8 && !r.ok(); ++attempt) {
    static const std::string kMarker = "role \"";
    auto at = r.err.find(kMarker);
    auto end = at == std::string::npos ? at : r.err.find("\" does not exist", at + kMarker.size());
    if (end == std::string::npos) break;
    cluster.CreateRoleIfMissing(r.err.substr(at + kMarker.size(), end - at - kMarker.size()));
    fresh();
    r = cluster.RunSql(db, sql);
  }
  return r.ok() ? "" : DescribeFailure("psql -f " + path, r);
}

// The plan applied by the engine (engine::ApplyPlan) as one transaction on
// `db`, as a trial run: the result is read back inside that transaction with
// graft's own introspection and planned against B (the plan from there to B
// must be empty), then rolled back, so `db` is left as it was.
ApplyOutcome ApplyInOneTransaction(const PgCluster& cluster, const std::string& db, const ddl::Plan& plan,
                                   const introspect::Options& opts, const schema::Schema& target) {
  ApplyOutcome out;
  out.mode = "one transaction (engine::ApplyPlan, rolled back after the check)";
  pg::Conn conn = pg::Conn::Open(cluster.url(db));
  engine::ApplyOptions apply;
  apply.commit = false;
  apply.before_commit = [&](pg::Conn& c) {
    out.applied = true;  // every statement ran
    try {
      introspect::Options in_tx = opts;
      in_tx.in_transaction = true;
      out.rediff = Replan(introspect::Introspect(c, in_tx), target);
      out.rediff_ok = true;
    } catch (const Error& e) {
      out.rediff_error = std::string("introspecting the result in the transaction: ") + e.what();
    }
  };
  try {
    engine::ApplyPlan(conn, plan, apply);
  } catch (const Error& e) {
    if (!out.applied) out.apply_error = e.what();
  }
  return out;
}

// The plan applied by the engine in explicit pieces (engine::ApplyPlan with
// NonTransactionalPolicy::kSplit) to `db`, committed; checked by the caller.
ApplyOutcome ApplySplit(const PgCluster& cluster, const std::string& db, const ddl::Plan& plan) {
  ApplyOutcome out;
  out.mode = "split (engine::ApplyPlan)";
  try {
    pg::Conn conn = pg::Conn::Open(cluster.url(db));
    engine::ApplyOptions apply;
    apply.non_transactional = engine::NonTransactionalPolicy::kSplit;
    engine::ApplyResult r = engine::ApplyPlan(conn, plan, apply);
    out.mode = r.mode + " (engine::ApplyPlan)";
    out.applied = r.committed;
  } catch (const Error& e) {
    out.apply_error = e.what();
  }
  return out;
}

// After an apply to `db`: the second diff (graft's model of `db`, read with
// the case's options, planned against B's model, which B still matches) must
// be empty, and `db`'s dump must equal B's. Both at once.
void CheckApplied(const PgCluster& cluster, const std::string& db, const introspect::Options& opts,
                  const schema::Schema& target, const std::vector<std::string>& dump_args, const std::string& dump_b,
                  ApplyOutcome& a) {
  auto again = std::async(std::launch::async, [&] { return Replan(ReadModel(cluster, db, opts), target); });
  try {
    a.dump_diff = LineDiff(cluster.DumpSchema(db, dump_args), dump_b, "A after the plan", "B");
  } catch (const Error& e) {
    a.dump_diff = std::string("pg_dump failed: ") + e.what();
  }
  try {
    a.rediff = again.get();
    a.rediff_ok = true;
  } catch (const Error& e) {
    a.rediff_error = std::string("reading the result with graft's introspection: ") + e.what();
  }
}

}  // namespace

CaseOutcome RunCase(PgCluster& cluster, const CaseSpec& spec, const RunCaseOptions& options) {
  // Helper threads below write to psql's stdin; a psql that exits early must
  // not take the test process down with SIGPIPE while another thread has it
  // restored.
  signal(SIGPIPE, SIG_IGN);
  StepClock clock(spec.DirectedId(), cluster);
  CaseOutcome out;
  const std::string graft = options.graft_binary.empty() ? std::string(GRAFT_BINARY) : options.graft_binary;
  // A is the plan's source, B its target: b.sql and a.sql for a reverse spec.
  const std::string a_sql_path = spec.dir + (spec.reverse ? "/b.sql" : "/a.sql");
  const std::string b_sql_path = spec.dir + (spec.reverse ? "/a.sql" : "/b.sql");
  std::string a_sql, b_sql;
  try {
    a_sql = os::ReadFile(a_sql_path);
    b_sql = os::ReadFile(b_sql_path);
  } catch (const Error& e) {
    out.problems.push_back(e.what());
    return out;
  }

  // Case metadata.
  std::set<std::string> roles;
  std::string pre_sql;
  std::vector<std::string> dump_args, filters;
  introspect::Options introspect_opts;  // what `graft diff` reads with these filters
  if (fs::exists(spec.dir + "/meta.json")) {
    try {
      json meta = json::parse(os::ReadFile(spec.dir + "/meta.json"));
      for (const auto& r : meta.value("roles", json::array())) roles.insert(r.get<std::string>());
      if (meta.contains("pre_sql") && meta["pre_sql"].is_string()) pre_sql = meta["pre_sql"].get<std::string>();
      std::vector<std::string> args;
      for (const auto& a : meta.value("upstream_dump_args", json::array())) args.push_back(a.get<std::string>());
      for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-n" || args[i] == "-N") && i + 1 < args.size()) {
          dump_args.push_back(args[i]);
          dump_args.push_back(args[i + 1]);
          filters.push_back(args[i] == "-n" ? "--schema" : "--exclude-schema");
          filters.push_back(args[i + 1]);
          (args[i] == "-n" ? introspect_opts.include_schemas : introspect_opts.exclude_schemas).push_back(args[i + 1]);
          ++i;
        } else {
          out.problems.push_back("meta.json: unsupported upstream_dump_args entry '" + args[i] + "'");
        }
      }
    } catch (const std::exception& e) {
      out.problems.push_back(std::string("meta.json: ") + e.what());
      return out;
    }
  }
  HeaderRoles(a_sql, roles);
  HeaderRoles(b_sql, roles);

  auto read_lines = [&](const char* name) {
    std::vector<std::string> lines;
    if (!fs::exists(spec.dir + "/" + name)) return lines;
    std::istringstream in(os::ReadFile(spec.dir + "/" + name));
    std::string line;
    while (std::getline(in, line)) {
      line = Trim(line);
      if (!line.empty() && line[0] != '#') lines.push_back(line);
    }
    return lines;
  };
  // The expectations describe the forward plan (a to b).
  std::vector<std::string> expected_hazards, expected_contains, expected_excludes;
  bool declares_hazards = false;
  if (!spec.reverse) {
    declares_hazards = fs::exists(spec.dir + "/expected.hazards");
    expected_hazards = read_lines("expected.hazards");
    expected_contains = read_lines("expected.contains");
    expected_excludes = read_lines("expected.excludes");
  }

  const std::string db_a = DbName(spec.DirectedId(), "a");
  const std::string db_b = DbName(spec.DirectedId(), "b");
  const std::string db_copy = DbName(spec.DirectedId(), "c");
  // The case's databases are made and dropped over one connection (names
  // are unique per case-direction, and each is dropped when the case ends).
  struct Databases {
    std::optional<pg::Conn> admin;
    std::vector<std::string> made;
    void Create(const std::string& name, const std::string& template_db) {
      made.push_back(name);
      admin->Exec(PgCluster::CreateDatabaseSql(name, template_db));
    }
    ~Databases() {
      for (const auto& db : made) {
        try {
          admin->Exec(PgCluster::DropDatabaseSql(db));
        } catch (...) {
        }
      }
    }
  } dbs;

  // 1. Load (A and B at the same time).
  try {
    for (const auto& r : roles) cluster.CreateRoleIfMissing(r);
    dbs.admin.emplace(pg::Conn::Open(cluster.url("postgres")));
    dbs.Create(db_a, "template0");
    dbs.Create(db_b, "template0");
  } catch (const Error& e) {
    out.load_error = std::string("setting up databases: ") + e.what();
    return out;
  }
  {
    auto load_b = std::async(std::launch::async, [&] { return LoadDatabase(cluster, db_b, b_sql_path, pre_sql, b_sql); });
    std::string a_error = LoadDatabase(cluster, db_a, a_sql_path, pre_sql, a_sql);
    std::string b_error = load_b.get();
    out.load_error = !a_error.empty() ? a_error : b_error;
    if (!out.load_error.empty()) return out;
  }
  out.loaded = true;

  clock.Step("load");

  // 2. Plan, in this process: graft's models of A and B (B's is kept for the
  // checks below: B does not change) planned by the engine, which renders
  // the text and the JSON plan from that one plan; at the same time `graft
  // diff A B`, the CLI a user runs, whose output must be the same text byte
  // for byte, and B's dump.
  auto cli_run = std::async(std::launch::async, [&] { return GraftDiff(graft, cluster, db_a, db_b, filters); });
  auto dump_b = std::async(std::launch::async, [&] { return cluster.DumpSchema(db_b, dump_args); });
  auto model_a = std::async(std::launch::async, [&] { return ReadModel(cluster, db_a, introspect_opts); });
  std::optional<schema::Schema> source, target;
  std::string read_error;
  try {
    target = ReadModel(cluster, db_b, introspect_opts);
  } catch (const Error& e) {
    read_error = std::string("introspecting B: ") + e.what();
  }
  // Collected before any early return (the futures must not outlive a case).
  try {
    source = model_a.get();
  } catch (const Error& e) {
    read_error = std::string("introspecting A: ") + e.what();
  }
  std::string dump_b_text, dump_b_error;
  try {
    dump_b_text = dump_b.get();
  } catch (const Error& e) {
    dump_b_error = std::string("pg_dump of B failed: ") + e.what();
  }
  os::RunResult cli = cli_run.get();
  clock.Step("plan");
  if (!read_error.empty()) {
    out.diff_error = read_error;
    return out;
  }
  engine::DiffResult diff;
  try {
    diff = options.planner ? options.planner(*source, *target) : engine::DiffSchemas(*source, *target);
  } catch (const Error& e) {
    out.diff_error = std::string("planning: ") + e.what();
    return out;
  }
  source.reset();
  if (!cli.ok()) {
    out.diff_error = DescribeFailure("graft diff", cli);
    return out;
  }
  out.plan = cli.out;
  if (cli.out != diff.text) {
    out.diff_error = "graft diff printed another plan than engine::DiffSchemas on the same models:\n" +
                     Indent(LineDiff(cli.out, diff.text, "graft diff A B", "engine"));
    return out;
  }
  ddl::Plan engine_plan;  // the JSON plan as the engine's ddl::Plan
  auto& statements = engine_plan.statements;
  try {
    const json& plan = diff.json;
    for (const auto& st : plan.at("statements")) {
      ddl::Statement ps;
      ps.sql = st.at("sql").get<std::string>();
      auto field = [&](const char* f) {
        return st.contains(f) && st[f].is_string() ? st[f].get<std::string>() : std::string();
      };
      ps.action = field("action");
      ps.kind = field("kind");
      ps.object = field("object");
      ps.key = field("key");
      std::vector<std::string> names;
      for (const auto& h : st.value("hazards", json::array())) {
        names.push_back(HazardName(h));
        out.plan_hazards.push_back(names.back());
      }
      ps.hazards = EngineHazards(names);
      statements.push_back(std::move(ps));
    }
  } catch (const std::exception& e) {
    out.diff_error = std::string("the JSON plan is not a plan (") + e.what() + "):\n" +
                     Indent(diff.json.dump(2).substr(0, 4000));
    return out;
  }
  if (statements.empty() != (Trim(out.plan).empty())) {
    out.diff_error = "the text and the JSON plan disagree: the text plan is " +
                     std::string(Trim(out.plan).empty() ? "empty" : "not empty") + " but the JSON plan has " +
                     std::to_string(statements.size()) + " statements";
    return out;
  }
  out.diff_ok = true;
  for (const auto& h : expected_hazards) {
    if (std::find(out.plan_hazards.begin(), out.plan_hazards.end(), h) == out.plan_hazards.end()) {
      out.missing_hazards.push_back(h);
    }
  }
  if (declares_hazards) {
    std::set<std::string> extra(out.plan_hazards.begin(), out.plan_hazards.end());
    for (const auto& h : expected_hazards) extra.erase(h);
    out.unexpected_hazards.assign(extra.begin(), extra.end());
  }
  const std::string plan_lower = Lower(out.plan);
  for (const auto& c : expected_contains) {
    if (plan_lower.find(Lower(c)) == std::string::npos) out.plan_mismatches.push_back("the plan lacks: " + c);
  }
  for (const auto& c : expected_excludes) {
    if (plan_lower.find(Lower(c)) != std::string::npos) out.plan_mismatches.push_back("the plan has: " + c);
  }

  // 3. and 4. In one transaction: over libpq on A itself, checked with graft's
  // introspection inside the transaction, rolled back. A plan with statements
  // that cannot run in a transaction block is applied in pieces (which
  // commit) to a copy of A instead, with the full check below.
  bool any_non_tx = !engine::NonTransactionalStatements(engine_plan).empty();
  ApplyOutcome in_tx;
  if (!dump_b_error.empty()) {
    for (const char* mode : {"as printed", "one transaction"}) {
      ApplyOutcome a;
      a.mode = mode;
      a.apply_error = "reading B: " + dump_b_error;
      out.applies.push_back(std::move(a));
    }
    return out;
  }
  if (!any_non_tx) {
    try {
      in_tx = ApplyInOneTransaction(cluster, db_a, engine_plan, introspect_opts, *target);
    } catch (const Error& e) {
      in_tx.mode = "one transaction";
      in_tx.apply_error = e.what();
    }
  } else {
    try {
      dbs.Create(db_copy, db_a);
      in_tx = ApplySplit(cluster, db_copy, engine_plan);
      if (in_tx.applied) CheckApplied(cluster, db_copy, introspect_opts, *target, dump_args, dump_b_text, in_tx);
    } catch (const Error& e) {
      in_tx.mode = "in transactions";
      in_tx.apply_error = std::string("copying A: ") + e.what();
    }
  }
  clock.Step(any_non_tx ? "split" : "trial");
  // As printed (psql -f), to A itself (nothing needs A after this), then
  // `graft diff A B` must print nothing and A's pg_dump equal B's.
  ApplyOutcome printed = ApplyAsPrinted(cluster, db_a, out.plan);
  if (printed.applied) CheckApplied(cluster, db_a, introspect_opts, *target, dump_args, dump_b_text, printed);
  out.applies.push_back(std::move(printed));
  out.applies.push_back(std::move(in_tx));
  clock.Step("printed");
  return out;
}

}  // namespace graft::testing
