// tests/support/convergence.h: the convergence oracle for diff cases.
//
// A case is a directory with a.sql (source schema) and b.sql (target schema),
// plus optional meta.json (third-party conformance fixtures: roles, pre_sql,
// upstream_dump_args), expected.hazards (one hazard kind per line that the
// plan must name), expected.contains and expected.excludes (one text per line
// that the text plan must / must not contain, compared case-insensitively,
// for cases where the shape of the plan matters: ADD VALUE rather
// than a rebuilt enum, CREATE OR REPLACE VIEW rather than drop and create).
// RunCase() does, on a PgCluster:
//   1. create the roles the case needs, then fresh databases A and B, run
//      pre_sql in both and load a.sql into A and b.sql into B (the other way
//      round for a spec with `reverse`: the plan then goes from b to a), both
//      at once, over libpq, or through psql -f when the script needs it;
//   2. plan in this process: graft's models of A and B (introspect, with
//      the case's schema filters) planned by engine::DiffSchemas, which
//      renders the text and the JSON plan from that one plan (they must
//      agree: both empty or neither); at the same time the one `graft diff
//      A B` process (the CLI a user runs, text), whose stdout must equal the
//      engine's text byte for byte, and B's normalised pg_dump
//      --schema-only. B's model and dump are kept: B does not change;
//   3. apply the plan in one transaction with the engine's own
//      engine::ApplyPlan (the JSON plan's statements and hazards as a
//      ddl::Plan) on A itself, as a trial run: graft's introspection of the
//      result, read in that transaction, planned against B's model must give
//      an empty plan; rolled back. A plan with a statement that carries a
//      "cannot run in a transaction block" hazard is instead applied to a
//      copy of A (CREATE DATABASE ... TEMPLATE A) by engine::ApplyPlan split
//      explicitly (the statements before it in one transaction, it alone,
//      the rest in another), committed, and checked as in 4.;
//   4. apply the plan as printed (`psql -f`, each statement in its own
//      transaction, as a user runs `graft diff` output) to A itself; then
//      the second diff must be empty (graft's model of A, read with the same
//      options, planned against B's model, rendered as `graft diff` prints
//      it), and the normalised pg_dump --schema-only of A must equal B's
//      (column order included);
// and drops every database it made. expected.hazards is checked both ways
// (forward direction only): the plan names each listed hazard and no other.
// It records what happened at each step instead of asserting, so callers
// decide what is a failure (and can probe excluded cases). One RunCase at a
// time per cluster (it starts a few threads of its own for the steps that can
// run at once). GRAFT_CASE_TIMINGS=1 prints each step's wall and CPU time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/diff.h"
#include "schema/model.h"
#include "support/case_list.h"
#include "support/pg_cluster.h"

namespace graft::testing {


// One application of the plan to a fresh copy of the source database.
struct ApplyOutcome {
  std::string mode;              // "as printed ...", "one transaction ..." or "split into N pieces ..."
  bool applied = false;
  std::string apply_error;
  bool rediff_ok = false;        // second diff ran
  std::string rediff_error;
  std::string rediff;            // output of the second diff (must be empty)
  std::string dump_diff;         // LineDiff(dump of the copy, dump B), empty when equal
  bool Passed() const { return applied && rediff_ok && rediff.empty() && dump_diff.empty(); }
};

struct CaseOutcome {
  bool loaded = false;           // a.sql and b.sql both loaded
  std::string load_error;        // which file failed and psql's output
  bool diff_ok = false;          // planned, and `graft diff` printed the engine's text
  std::string diff_error;
  std::string plan;              // the text plan (what `graft diff A B` printed)
  std::vector<std::string> plan_hazards;  // every hazard the json plan names
  std::vector<ApplyOutcome> applies;         // as printed, then in one transaction (or split)
  std::vector<std::string> missing_hazards;  // in expected.hazards, not in the plan
  std::vector<std::string> unexpected_hazards;  // in the plan, not in expected.hazards
  std::vector<std::string> plan_mismatches;  // from expected.contains / expected.excludes
  std::vector<std::string> problems;         // problems with the case files themselves

  // Whether every application of the plan converged.
  bool AllApplied() const {
    if (applies.empty()) return false;
    for (const auto& a : applies) {
      if (!a.Passed()) return false;
    }
    return true;
  }
  // True when every step succeeded and the schemas converged.
  bool Passed() const {
    return loaded && diff_ok && AllApplied() && missing_hazards.empty() && unexpected_hazards.empty() &&
           plan_mismatches.empty() && problems.empty();
  }
  // A readable account of everything that went wrong, with the plan.
  std::string Report() const;
};

struct RunCaseOptions {
  std::string graft_binary;  // empty: GRAFT_BINARY (the graft built with the tests)
  // Plans A's model into B's; empty: engine::DiffSchemas. The oracle's own
  // tests pass a stand-in (with a stand-in graft) to show a wrong plan fails.
  std::function<engine::DiffResult(const schema::Schema& from, const schema::Schema& to)> planner;
};

// Runs the whole oracle for one case (see the file comment).
CaseOutcome RunCase(PgCluster& cluster, const CaseSpec& spec, const RunCaseOptions& options = {});


// Is this hazard kind the engine's "cannot run in a transaction block"?
bool IsNonTransactionalHazard(const std::string& hazard);

}  // namespace graft::testing
