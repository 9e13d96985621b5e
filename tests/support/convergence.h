// tests/support/convergence.h: the convergence oracle for diff cases.
//
// A case is a directory with a.sql (source schema) and b.sql (target schema),
// plus optional meta.json (third-party conformance fixtures: roles, pre_sql,
// upstream_dump_args), expected.hazards (one hazard kind per line that the
// plan must name), expected.contains and expected.excludes (one text per line
// that the text plan must / must not contain, compared case-insensitively,
// for cases where the shape of the plan matters: ADD VALUE rather
// than a rebuilt enum, CREATE OR REPLACE VIEW rather than drop and create).
// RunCasePair() runs both directions of a case (a to b and b to a) on one
// pair of databases, RunCase() one direction alone; each does, on a
// PgCluster:
//   1. create the roles the case needs, then fresh databases A (a.sql's) and
//      B (b.sql's), run pre_sql in both and load each schema, both at once,
//      over libpq, or through psql -f when the script needs it;
//   2. read, at the same time: each direction's `graft diff source target`
//      process (the CLI a user runs, text), graft's models of A and B
//      (introspect, with the case's schema filters) and the normalised
//      pg_dump --schema-only of each direction's target. The models and
//      dumps are kept in memory: every check below compares with them. Then
//      each direction is planned in this process by engine::DiffSchemas,
//      which renders the text and the JSON plan from that one plan (they
//      must agree: both empty or neither); the `graft diff` process's stdout
//      must equal the engine's text byte for byte;
//   3. trial runs, while A and B are still as loaded: each direction's plan
//      applied in one transaction with the engine's own engine::ApplyPlan
//      (the JSON plan's statements and hazards as a ddl::Plan) on its source
//      (A for a to b, B for b to a): graft's introspection of the result,
//      read in that transaction, planned against the target's model must
//      give an empty plan; rolled back. A plan with a statement that carries
//      a "cannot run in a transaction block" hazard is instead applied to a
//      copy of its source (CREATE DATABASE ... TEMPLATE) by engine::ApplyPlan
//      split explicitly (the statements before it in one transaction, it
//      alone, the rest in another), committed, and checked as in 4.;
//   4. apply each plan as printed (`psql -f`, each statement in its own
//      transaction, as a user runs `graft diff` output) to its source itself
//      (nothing needs the loaded schemas any more); then the second diff must
//      be empty (graft's model of the source, read with the same options,
//      planned against the target's model, rendered as `graft diff` prints
//      it), and the source's normalised dump must equal the target's
//      (column order included);
// and drops every database it made. A direction's outcome depends on its own
// plan only: the same checks, whether it runs alone or in a pair (in the
// reports, A is the direction's source and B its target). expected.hazards is
// checked both ways (forward direction only): the plan names each listed
// hazard and no other. It records what happened at each step instead of
// asserting, so callers decide what is a failure (and can probe excluded
// cases). One run at a time per cluster (it starts a few threads of its own
// for the steps that can run at once). GRAFT_CASE_TIMINGS=1 prints each
// step's wall and CPU time, once per run (a pair's steps cover both
// directions).
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

// Plans the source's model into the target's.
using Planner = std::function<engine::DiffResult(const schema::Schema& from, const schema::Schema& to)>;

// Stand-ins for the planner and the `graft` binary. The oracle's own tests
// pass them (a stand-in graft with a stand-in planner) to show that a wrong
// plan fails its direction.
struct RunCaseOptions {
  // For RunCase's direction, and for RunCasePair's a to b. Empty: GRAFT_BINARY
  // (the graft built with the tests) and engine::DiffSchemas.
  std::string graft_binary;
  Planner planner;
  // For RunCasePair's b to a (RunCase ignores them); empty: the real ones.
  std::string reverse_graft_binary;
  Planner reverse_planner;
};

// Runs the whole oracle for one case in the direction `spec` names (see the
// file comment).
CaseOutcome RunCase(PgCluster& cluster, const CaseSpec& spec, const RunCaseOptions& options = {});

// The outcomes of both directions of one case: each as RunCase would give it.
struct CasePairOutcome {
  CaseOutcome forward;  // a to b (spec.DirectedId() without "@reverse")
  CaseOutcome reverse;  // b to a ("@reverse")
};
// Runs the oracle for both directions of the case `spec` names (its
// `reverse` is ignored) on one pair of databases: each is loaded, read and
// dumped once for both directions (see the file comment).
CasePairOutcome RunCasePair(PgCluster& cluster, const CaseSpec& spec, const RunCaseOptions& options = {});


// Is this hazard kind the engine's "cannot run in a transaction block"?
bool IsNonTransactionalHazard(const std::string& hazard);

}  // namespace graft::testing
