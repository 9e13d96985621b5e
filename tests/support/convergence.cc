// The convergence oracle's runners (convergence.h): one case in one direction
// or in both, composed from the steps of convergence_steps.h.
#include "support/convergence.h"

#include <signal.h>

#include <future>
#include <optional>

#include "common/error.h"
#include "engine/apply.h"
#include "pg/transaction.h"
#include "support/convergence_steps.h"
#include "support/step_clock.h"

#ifndef GRAFT_BINARY
#error "GRAFT_BINARY must be defined (path of the graft executable)"
#endif

namespace graft::testing::oracle {

namespace {

// One direction of a case: its source side (0: a.sql's database, 1: b.sql's),
// the target being the other, and what happened.
struct Direction {
  int source = 0;
  std::string graft;  // the `graft` binary
  Planner planner;    // empty: engine::DiffSchemas
  const char* copy_side = "c";  // the copy for a split apply
  CaseOutcome out;
  ddl::Plan plan;
  bool ready = false;  // planned and checked: to be applied
  ApplyOutcome trial;
  int target() const { return 1 - source; }
};

// The case's databases, made and dropped over one connection (their names
// are unique per case, and each is dropped when the run ends).
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
};

// Runs `dirs` (one direction, or a->b and b->a) of the case in `dir` on one
// pair of databases named after `key` (see convergence.h for the steps).
void RunDirections(PgCluster& cluster, const std::string& dir, const std::string& key, std::vector<Direction>& dirs) {
  // Helper threads below write to psql's stdin; a psql that exits early must
  // not take the test process down with SIGPIPE while another thread has it
  // restored.
  signal(SIGPIPE, SIG_IGN);
  StepClock clock(dirs.size() == 1 ? key : key + " (a->b and b->a)", cluster);
  const CaseFiles files = ReadCaseFiles(dir);
  for (auto& d : dirs) d.out.problems = files.problems;
  if (!files.usable) return;
  const std::string db[2] = {DbName(key, "a"), DbName(key, "b")};
  bool is_target[2] = {false, false};
  for (const auto& d : dirs) is_target[d.target()] = true;

  // 1. Load (both sides at the same time).
  Databases dbs;
  try {
    for (const auto& r : files.roles) cluster.CreateRoleIfMissing(r);
    dbs.admin.emplace(pg::Conn::Open(cluster.url("postgres")));
    dbs.Create(db[0], "template0");
    dbs.Create(db[1], "template0");
  } catch (const Error& e) {
    for (auto& d : dirs) d.out.load_error = std::string("setting up databases: ") + e.what();
    return;
  }
  std::string load_error[2];
  {
    auto load_b = std::async(std::launch::async,
                             [&] { return LoadDatabase(cluster, db[1], files.path[1], files.pre_sql, files.sql[1]); });
    load_error[0] = LoadDatabase(cluster, db[0], files.path[0], files.pre_sql, files.sql[0]);
    load_error[1] = load_b.get();
  }
  if (!load_error[0].empty() || !load_error[1].empty()) {
    for (auto& d : dirs) {
      d.out.load_error = load_error[d.source].empty() ? load_error[d.target()] : load_error[d.source];
    }
    return;
  }
  for (auto& d : dirs) d.out.loaded = true;
  clock.Step("load");

  // 2. Read, at the same time: each direction's `graft diff source target`
  // process (the CLI a user runs), graft's models of both sides and the
  // targets' dumps. The models and dumps are kept: the checks below compare
  // with them after the databases have changed.
  std::vector<std::future<os::RunResult>> cli;
  for (const auto& d : dirs) {
    cli.push_back(std::async(std::launch::async, [&cluster, &db, &files, &d] {
      return GraftDiff(d.graft, cluster, db[d.source], db[d.target()], files.filters);
    }));
  }
  std::future<std::string> dump_future[2];
  for (int side = 0; side < 2; ++side) {
    if (!is_target[side]) continue;
    dump_future[side] = std::async(std::launch::async, [&cluster, &db, &files, side] {
      return cluster.DumpSchema(db[side], files.dump_args);
    });
  }
  auto model_a = std::async(std::launch::async, [&] { return ReadModel(cluster, db[0], files.introspect); });
  std::optional<schema::Schema> model[2];
  std::string model_error[2], dump[2], dump_error[2];
  try {
    model[1] = ReadModel(cluster, db[1], files.introspect);
  } catch (const Error& e) {
    model_error[1] = e.what();
  }
  // Collected before any early return (the futures must not outlive a case).
  try {
    model[0] = model_a.get();
  } catch (const Error& e) {
    model_error[0] = e.what();
  }
  for (int side = 0; side < 2; ++side) {
    if (!is_target[side]) continue;
    try {
      dump[side] = dump_future[side].get();
    } catch (const Error& e) {
      dump_error[side] = std::string("pg_dump of B failed: ") + e.what();
    }
  }
  std::vector<os::RunResult> cli_result;
  for (auto& f : cli) cli_result.push_back(f.get());
  clock.Step("plan");

  // Each direction's plan, made in this process and checked against its
  // `graft diff`'s output.
  for (size_t i = 0; i < dirs.size(); ++i) {
    Direction& d = dirs[i];
    if (!model_error[d.source].empty() || !model_error[d.target()].empty()) {
      d.out.diff_error = !model_error[d.source].empty() ? "introspecting A: " + model_error[d.source]
                                                        : "introspecting B: " + model_error[d.target()];
      continue;
    }
    engine::DiffResult diff;
    try {
      diff = d.planner ? d.planner(*model[d.source], *model[d.target()])
                       : engine::DiffSchemas(*model[d.source], *model[d.target()]);
    } catch (const Error& e) {
      d.out.diff_error = std::string("planning: ") + e.what();
      continue;
    }
    d.plan = AcceptPlan(cli_result[i], diff, files, /*expect=*/d.source == 0, d.out);
    if (!d.out.diff_ok) continue;
    if (!dump_error[d.target()].empty()) {
      for (const char* mode : {"as printed", "one transaction"}) {
        ApplyOutcome a;
        a.mode = mode;
        a.apply_error = "reading B: " + dump_error[d.target()];
        d.out.applies.push_back(std::move(a));
      }
      continue;
    }
    d.ready = true;
  }

  // 3. The trial runs, while every database is as loaded: in one transaction
  // on the source itself, checked with graft's introspection inside the
  // transaction, rolled back. A plan with statements that cannot run in a
  // transaction block is applied in pieces (which commit) to a copy of its
  // source instead, with the full check.
  bool any_split = false;
  for (auto& d : dirs) {
    if (!d.ready) continue;
    const schema::Schema& target = *model[d.target()];
    if (engine::NonTransactionalStatements(d.plan).empty()) {
      try {
        d.trial = ApplyInOneTransaction(cluster, db[d.source], d.plan, files.introspect, target);
      } catch (const Error& e) {
        d.trial.mode = "one transaction";
        d.trial.apply_error = e.what();
      }
      continue;
    }
    any_split = true;
    const std::string copy = DbName(key, d.copy_side);
    try {
      dbs.Create(copy, db[d.source]);
      d.trial = ApplySplit(cluster, copy, d.plan);
      if (d.trial.applied) {
        CheckApplied(cluster, copy, files.introspect, target, files.dump_args, dump[d.target()], d.trial);
      }
    } catch (const Error& e) {
      d.trial.mode = "in transactions";
      d.trial.apply_error = std::string("copying A: ") + e.what();
    }
  }
  clock.Step(any_split ? "split" : "trial");

  // 4. As printed (psql -f), to the source itself (nothing needs it as loaded
  // any more: the target's model and dump are in memory); then the second
  // diff must be empty and the source's dump equal the target's.
  for (auto& d : dirs) {
    if (!d.ready) continue;
    ApplyOutcome printed = ApplyAsPrinted(cluster, db[d.source], d.out.plan);
    if (printed.applied) {
      CheckApplied(cluster, db[d.source], files.introspect, *model[d.target()], files.dump_args, dump[d.target()],
                   printed);
    }
    d.out.applies.push_back(std::move(printed));
    d.out.applies.push_back(std::move(d.trial));
  }
  clock.Step("printed");
}

}  // namespace

}  // namespace graft::testing::oracle

namespace graft::testing {

CaseOutcome RunCase(PgCluster& cluster, const CaseSpec& spec, const RunCaseOptions& options) {
  std::vector<oracle::Direction> dirs(1);
  dirs[0].source = spec.reverse ? 1 : 0;
  dirs[0].graft = options.graft_binary.empty() ? std::string(GRAFT_BINARY) : options.graft_binary;
  dirs[0].planner = options.planner;
  oracle::RunDirections(cluster, spec.dir, spec.DirectedId(), dirs);
  return std::move(dirs[0].out);
}

CasePairOutcome RunCasePair(PgCluster& cluster, const CaseSpec& spec, const RunCaseOptions& options) {
  std::vector<oracle::Direction> dirs(2);
  dirs[0].graft = options.graft_binary.empty() ? std::string(GRAFT_BINARY) : options.graft_binary;
  dirs[0].planner = options.planner;
  dirs[1].source = 1;
  dirs[1].graft = options.reverse_graft_binary.empty() ? std::string(GRAFT_BINARY) : options.reverse_graft_binary;
  dirs[1].planner = options.reverse_planner;
  dirs[1].copy_side = "d";
  oracle::RunDirections(cluster, spec.dir, spec.id, dirs);
  return {std::move(dirs[0].out), std::move(dirs[1].out)};
}

}  // namespace graft::testing
