// The convergence oracle's steps (convergence_steps.h).
#include "support/convergence_steps.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <future>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "engine/apply.h"
#include "os/files.h"
#include "pg/transaction.h"

namespace graft::testing {

bool IsNonTransactionalHazard(const std::string& hazard) {
  std::string h = oracle::Lower(hazard);
  return h.find("transaction") != std::string::npos;
}

std::string CaseOutcome::Report() const {
  using oracle::Indent;
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

}  // namespace graft::testing

namespace graft::testing::oracle {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kDiffTimeoutSeconds = "300";

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

// The second diff: the plan from `after` to B's model, as `graft diff`
// prints it ("" when there is nothing left to do).
std::string Replan(const schema::Schema& after, const schema::Schema& target) {
  std::string rest = engine::DiffSchemas(after, target).text;
  return Trim(rest).empty() ? "" : rest;
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

}  // namespace

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

std::string Indent(const std::string& text, const std::string& prefix) {
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

std::string DescribeFailure(const std::string& what, const os::RunResult& r) {
  std::string s = what + " exited with " +
                  (r.exit_code == 124 ? std::string("124 (timed out)")
                   : r.exit_code >= 0 ? std::to_string(r.exit_code)
                                      : "signal " + std::to_string(r.signal));
  if (!r.err.empty()) s += "\n  stderr:\n" + Indent(r.err);
  if (!r.out.empty()) s += "  stdout:\n" + Indent(r.out);
  return s;
}

CaseFiles ReadCaseFiles(const std::string& dir) {
  CaseFiles f;
  f.path[0] = dir + "/a.sql";
  f.path[1] = dir + "/b.sql";
  try {
    for (int side = 0; side < 2; ++side) f.sql[side] = os::ReadFile(f.path[side]);
  } catch (const Error& e) {
    f.problems.push_back(e.what());
    return f;
  }
  if (fs::exists(dir + "/meta.json")) {
    try {
      json meta = json::parse(os::ReadFile(dir + "/meta.json"));
      for (const auto& r : meta.value("roles", json::array())) f.roles.insert(r.get<std::string>());
      if (meta.contains("pre_sql") && meta["pre_sql"].is_string()) f.pre_sql = meta["pre_sql"].get<std::string>();
      std::vector<std::string> args;
      for (const auto& a : meta.value("upstream_dump_args", json::array())) args.push_back(a.get<std::string>());
      for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-n" || args[i] == "-N") && i + 1 < args.size()) {
          f.dump_args.push_back(args[i]);
          f.dump_args.push_back(args[i + 1]);
          f.filters.push_back(args[i] == "-n" ? "--schema" : "--exclude-schema");
          f.filters.push_back(args[i + 1]);
          (args[i] == "-n" ? f.introspect.include_schemas : f.introspect.exclude_schemas).push_back(args[i + 1]);
          ++i;
        } else {
          f.problems.push_back("meta.json: unsupported upstream_dump_args entry '" + args[i] + "'");
        }
      }
    } catch (const std::exception& e) {
      f.problems.push_back(std::string("meta.json: ") + e.what());
      return f;
    }
  }
  HeaderRoles(f.sql[0], f.roles);
  HeaderRoles(f.sql[1], f.roles);
  auto read_lines = [&](const char* name) {
    std::vector<std::string> lines;
    if (!fs::exists(dir + "/" + name)) return lines;
    std::istringstream in(os::ReadFile(dir + "/" + name));
    std::string line;
    while (std::getline(in, line)) {
      line = Trim(line);
      if (!line.empty() && line[0] != '#') lines.push_back(line);
    }
    return lines;
  };
  f.declares_hazards = fs::exists(dir + "/expected.hazards");
  f.expected_hazards = read_lines("expected.hazards");
  f.expected_contains = read_lines("expected.contains");
  f.expected_excludes = read_lines("expected.excludes");
  f.usable = true;
  return f;
}

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

ddl::Plan AcceptPlan(const os::RunResult& cli, const engine::DiffResult& diff, const CaseFiles& files, bool expect,
                     CaseOutcome& out) {
  ddl::Plan engine_plan;
  if (!cli.ok()) {
    out.diff_error = DescribeFailure("graft diff", cli);
    return engine_plan;
  }
  out.plan = cli.out;
  if (cli.out != diff.text) {
    out.diff_error = "graft diff printed another plan than engine::DiffSchemas on the same models:\n" +
                     Indent(LineDiff(cli.out, diff.text, "graft diff A B", "engine"));
    return engine_plan;
  }
  auto& statements = engine_plan.statements;
  try {
    for (const auto& st : diff.json.at("statements")) {
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
    return {};
  }
  if (statements.empty() != (Trim(out.plan).empty())) {
    out.diff_error = "the text and the JSON plan disagree: the text plan is " +
                     std::string(Trim(out.plan).empty() ? "empty" : "not empty") + " but the JSON plan has " +
                     std::to_string(statements.size()) + " statements";
    return {};
  }
  out.diff_ok = true;
  if (!expect) return engine_plan;
  for (const auto& h : files.expected_hazards) {
    if (std::find(out.plan_hazards.begin(), out.plan_hazards.end(), h) == out.plan_hazards.end()) {
      out.missing_hazards.push_back(h);
    }
  }
  if (files.declares_hazards) {
    std::set<std::string> extra(out.plan_hazards.begin(), out.plan_hazards.end());
    for (const auto& h : files.expected_hazards) extra.erase(h);
    out.unexpected_hazards.assign(extra.begin(), extra.end());
  }
  const std::string plan_lower = Lower(out.plan);
  for (const auto& c : files.expected_contains) {
    if (plan_lower.find(Lower(c)) == std::string::npos) out.plan_mismatches.push_back("the plan lacks: " + c);
  }
  for (const auto& c : files.expected_excludes) {
    if (plan_lower.find(Lower(c)) != std::string::npos) out.plan_mismatches.push_back("the plan has: " + c);
  }
  return engine_plan;
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

}  // namespace graft::testing::oracle
