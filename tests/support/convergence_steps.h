// tests/support/convergence_steps.h: the steps of the convergence oracle
// (see convergence.h for the oracle and the order they run in), shared by the
// one-direction runner (RunCase) and the pair runner (RunCasePair). Internal
// to tests/support. Each step records what went wrong in its result instead
// of throwing, except where its comment says otherwise.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "ddl/plan.h"
#include "engine/diff.h"
#include "introspect/introspect.h"
#include "os/process.h"
#include "schema/model.h"
#include "support/convergence.h"
#include "support/pg_cluster.h"

namespace graft::testing::oracle {

std::string Trim(const std::string& s);
std::string Lower(std::string s);
std::string Indent(const std::string& text, const std::string& prefix = "    ");
// A database name for one side of a case ("t_<id>_<side>", at most 63 bytes).
std::string DbName(const std::string& id, const char* side);
std::string DescribeFailure(const std::string& what, const os::RunResult& r);

// What a case directory holds: its two schemas and what meta.json, the
// headers and the expected.* files say.
struct CaseFiles {
  std::string path[2];  // a.sql, b.sql
  std::string sql[2];
  bool usable = false;  // both read and meta.json parsed: the case can run
  std::vector<std::string> problems;  // with the case's files themselves
  std::set<std::string> roles;        // meta.json's and the "-- roles:" headers'
  std::string pre_sql;
  std::vector<std::string> dump_args;  // pg_dump's -n / -N
  std::vector<std::string> filters;    // the same as `graft diff` options
  introspect::Options introspect;      // what `graft diff` reads with them
  // The expectations, which describe the forward plan (a to b).
  bool declares_hazards = false;  // expected.hazards exists
  std::vector<std::string> expected_hazards, expected_contains, expected_excludes;
};
CaseFiles ReadCaseFiles(const std::string& dir);

// Loads `sql` (after `pre_sql`) into the fresh database `db`: over libpq as
// one script when it can, else through psql -f into the database made again
// (roles the script uses but the case does not name are created on the way).
// Returns "" or the failure.
std::string LoadDatabase(PgCluster& cluster, const std::string& db, const std::string& path,
                         const std::string& pre_sql, const std::string& sql);

// `graft diff <source> <target> <filters>` (text) as a user runs it.
os::RunResult GraftDiff(const std::string& graft, const PgCluster& cluster, const std::string& source,
                        const std::string& target, const std::vector<std::string>& filters);
// graft's model of `db` (what `graft diff` reads with these options); throws Error.
schema::Schema ReadModel(const PgCluster& cluster, const std::string& db, const introspect::Options& opts);

// Step 2's checks on one direction's plan: `cli` (the `graft diff` process)
// must have printed `diff.text` byte for byte, and the JSON plan must be a
// plan that agrees with the text; then the expectations (forward only: the
// caller passes `expect` = false for b to a). Fills out.plan, plan_hazards,
// diff_ok (or diff_error), the hazard and plan mismatches; returns the JSON
// plan as the engine's ddl::Plan (empty unless diff_ok).
ddl::Plan AcceptPlan(const os::RunResult& cli, const engine::DiffResult& diff, const CaseFiles& files, bool expect,
                     CaseOutcome& out);

// The plan applied by engine::ApplyPlan as one transaction on `db`, checked
// inside it (graft's introspection of the result planned against `target`
// must be empty), then rolled back: `db` is left as it was.
ApplyOutcome ApplyInOneTransaction(const PgCluster& cluster, const std::string& db, const ddl::Plan& plan,
                                   const introspect::Options& opts, const schema::Schema& target);
// The plan applied by engine::ApplyPlan in explicit pieces to `db`, committed;
// the caller checks it with CheckApplied.
ApplyOutcome ApplySplit(const PgCluster& cluster, const std::string& db, const ddl::Plan& plan);
// The plan as printed, through psql -f into `db` (each statement in its own
// transaction, as a user runs `graft diff` output).
ApplyOutcome ApplyAsPrinted(const PgCluster& cluster, const std::string& db, const std::string& plan);
// After an apply to `db`: the second diff (graft's model of `db` planned
// against `target`) must be empty and `db`'s dump must equal `target_dump`.
void CheckApplied(const PgCluster& cluster, const std::string& db, const introspect::Options& opts,
                  const schema::Schema& target, const std::vector<std::string>& dump_args,
                  const std::string& target_dump, ApplyOutcome& a);

}  // namespace graft::testing::oracle
