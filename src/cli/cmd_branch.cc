// graft branch create | list | switch | reset | delete | merge
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/format.h"
#include "common/error.h"
#include "common/text.h"

namespace graft::cli {

namespace {

// A --save-sql path must be writable before anything runs.
void CheckWritable(const std::string& path) {
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  if (dir.empty()) dir = "/";
  bool ok = access(path.c_str(), F_OK) == 0 ? access(path.c_str(), W_OK) == 0 : access(dir.c_str(), W_OK) == 0;
  if (!ok) Fail(ErrorKind::kUsage, "cannot write the SQL file " + path, "pass a --save-sql path in a writable directory");
}

void PrintPlan(const engine::MergePlan& p) {
  const auto& s = p.summary;
  std::cout << "merge " << p.branch << " into " << p.parent << " (base: "
            << (p.base == "t0" ? "T0 " : "last merge ") << p.base_time << ")\n"
            << "summary: " << s["added"] << " added, " << s["altered"] << " altered, " << s["renamed"] << " renamed, "
            << s["dropped"] << " dropped; " << s["statements"] << " statements; " << s["config_rows"]
            << " config rows; " << s["migrations"] << " migrations; " << s["conflicts"] << " conflicts\n";
  if (p.replanned) std::cout << "note: the parent changed since the plan was shown; merged into this plan\n";
  for (const auto& c : p.conflicts) {
    std::cout << "conflict: " << c["kind"].get<std::string>() << " " << c["object"].get<std::string>() << ": "
              << c["reason"].get<std::string>() << "\n";
  }
  for (const auto& h : p.hazards) std::cout << "hazard: " << h << "\n";
  for (const auto& d : p.data_loss) {
    std::cout << "data loss: " << d["kind"].get<std::string>() << " " << d["object"].get<std::string>() << " ("
              << (d["rows"].get<int64_t>() < 0 ? std::string("rows unknown") : std::to_string(d["rows"].get<int64_t>()) + " rows")
              << ")\n";
  }
  for (const auto& n : p.notes) std::cout << "note: " << n << "\n";
  if (!p.sql.empty()) std::cout << "\n" << p.sql;
}

// With --json, one object on stdout, also when the merge stops: the error is
// part of it and the exit code says which.
[[noreturn]] void ExitWithPlan(const engine::MergePlan& p, const Error& e) {
  auto j = p.ToJson();
  j["error"] = {{"kind", KindName(e.kind())}, {"code", ExitCode(e.kind())}, {"message", e.what()}};
  if (!e.hint().empty()) j["error"]["hint"] = e.hint();
  std::cout << j.dump(2) << "\n";
  std::cout.flush();
  std::exit(ExitCode(e.kind()));
}

void RegisterBranchMerge(CLI::App& branch, Globals& g) {
  auto* cmd = branch.add_subcommand("merge", "merge what a branch changed into its parent (three-way)");
  struct Args {
    std::string name, project, save_sql;
    bool dry_run = false, allow_data_loss = false, yes = false;
    int lock_timeout_ms = 5000;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("NAME", a->name, "branch name")->required();
  cmd->add_option("--project", a->project, "parent project (default: the linked one)")->envname("GRAFT_PROJECT");
  cmd->add_flag("--dry-run", a->dry_run, "show the plan and stop");
  cmd->add_option("--save-sql", a->save_sql, "write the plan's SQL to this file");
  cmd->add_flag("--allow-data-loss", a->allow_data_loss, "apply a plan that deletes rows on the parent");
  cmd->add_flag("-y,--yes", a->yes, "do not ask for confirmation");
  cmd->add_option("--lock-timeout", a->lock_timeout_ms, "lock_timeout of the apply transaction, ms (default 5000)")
      ->check(CLI::Range(1, 3600000));
  cmd->callback([&g, a] {
    if (!a->save_sql.empty()) CheckWritable(a->save_sql);
    auto engine_ = OpenEngine(g);
    auto& eng = *engine_;
    engine::MergePlan plan = eng.PlanMerge(Opt(a->project), a->name);
    if (!a->save_sql.empty()) {
      std::ofstream f(a->save_sql, std::ios::trunc);
      f << plan.SaveSqlText();
      f.close();
      if (!f) Fail(ErrorKind::kUsage, "cannot write the SQL file " + a->save_sql);
    }
    if (!g.json) PrintPlan(plan);
    auto stop = [&](const Error& e) {
      if (g.json) ExitWithPlan(plan, e);
      throw e;
    };
    try {
      if (plan.blocked()) {
        Fail(ErrorKind::kConflict, "merge of branch '" + plan.branch + "' is blocked by " +
                                       std::to_string(plan.conflicts.size()) + " conflict(s)",
             "make both sides agree (change the parent or the branch), then merge again");
      }
      if (a->dry_run || plan.empty()) {
        Emit(g, plan.ToJson(), [&] {
          std::cout << (plan.empty() ? "nothing to merge\n" : "dry run: nothing applied\n");
        });
        return;
      }
      if (!plan.data_loss.empty() && !a->allow_data_loss) {
        std::string what;
        for (const auto& d : plan.data_loss) what += (what.empty() ? "" : "; ") + d["sql"].get<std::string>();
        Fail(ErrorKind::kDataLoss, "the merge would delete rows on the parent: " + what,
             "review the plan and pass --allow-data-loss to apply it anyway");
      }
      if (!a->yes && !Confirm("apply this merge of " + plan.branch + " into " + plan.parent + "?")) {
        Fail(ErrorKind::kUsage, "not merging branch '" + a->name + "' without confirmation", "pass -y to confirm");
      }
      InstallProgress(g);
      engine::MergeOptions opts;
      opts.allow_data_loss = a->allow_data_loss;
      opts.lock_timeout_ms = a->lock_timeout_ms;
      opts.expected_fingerprint = plan.parent_fingerprint;
      opts.review = plan.review;
      auto done = eng.ApplyMerge(Opt(a->project), a->name, opts);
      if (done.replanned && !g.json) PrintPlan(done);
      Emit(g, done.ToJson(), [&] {
        std::cout << "merged " << done.branch << " into " << done.parent << " (" << done.summary["statements"]
                  << " statements)\n";
      });
    } catch (const Error& e) {
      stop(e);
    }
  });
}

}  // namespace

void RegisterBranchCommands(CLI::App& app, Globals& g) {
  auto* branch = app.add_subcommand("branch", "branches: child projects cloned from a project");
  branch->require_subcommand(1);
  {
    auto* cmd = branch->add_subcommand("create", "create a branch of the current (or given) project");
    auto name = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    auto mode = std::make_shared<std::string>("full");
    auto no_switch = std::make_shared<bool>(false);
    cmd->add_option("NAME", *name, "branch name")->required();
    cmd->add_option("--project,-p", *project, "parent project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_option("--mode", *mode, "full (schema and data) or schema-only");
    cmd->add_flag("--no-switch", *no_switch, "keep the current context");
    cmd->callback([&g, name, project, mode, no_switch] {
      InstallProgress(g);
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      engine::Engine::BranchOptions opts;
      opts.mode = *mode;
      opts.switch_context = !*no_switch;
      auto t = eng.CreateBranch(Opt(*project), *name, opts);
      auto j = TargetJson(t, /*with_password=*/true);
      j["switched"] = !*no_switch;
      Emit(g, j, [&] {
        std::cout << "created branch " << *t.branch << " of " << t.project << " (" << t.mode << ", "
                  << t.clone_method << ") ready on port " << t.port << "\n"
                  << "url: " << t.url << "\n";
        if (!*no_switch) std::cout << "switched to branch " << *t.branch << "\n";
      });
    });
  }
  {
    auto* cmd = branch->add_subcommand("list", "list the branches of a project");
    auto project = std::make_shared<std::string>();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->callback([&g, project] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto list = eng.ListBranches(Opt(*project));
      std::optional<std::string> current;
      if (project->empty()) current = eng.LinkedBranch();
      else {
        auto t = eng.Resolve(*project, std::nullopt);
        auto linked = eng.LinkedProject();
        if (linked && *linked == t.org + ":" + t.project) current = eng.LinkedBranch();
      }
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& t : list) {
        auto j = TargetJson(t);
        j["current"] = current && *current == *t.branch;
        auto merged = eng.LastMergeAt(t.id);
        j["last_merge_at"] = merged ? nlohmann::json(*merged) : nlohmann::json(nullptr);
        arr.push_back(j);
      }
      Emit(g, {{"branches", arr}}, [&] {
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (const auto& j : arr) {
          rows.push_back({std::string(j["current"].get<bool>() ? "*" : " "), j["name"].get<std::string>(),
                          j["state"].get<std::string>(), j["mode"].get<std::string>(),
                          j["created_at"].get<std::string>(), j["url"].get<std::string>()});
        }
        PrintTable({" ", "name", "state", "mode", "created", "url"}, rows);
      });
    });
  }
  {
    auto* cmd = branch->add_subcommand("switch", "make a branch (or the parent) the current context");
    auto name = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    auto parent = std::make_shared<bool>(false);
    auto* n = cmd->add_option("NAME", *name, "branch name");
    auto* p = cmd->add_flag("--parent", *parent, "switch back to the parent project");
    n->excludes(p);
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->callback([&g, name, project, parent] {
      if (name->empty() && !*parent) Fail(ErrorKind::kUsage, "name a branch, or pass --parent");
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      eng.SwitchBranch(Opt(*project), *parent ? std::nullopt : Opt(*name));
      auto t = eng.Resolve(std::nullopt, std::nullopt);
      Emit(g, {{"current", t.display}}, [&] { std::cout << "switched to " << t.display << "\n"; });
    });
  }
  for (bool reset : {true, false}) {
    auto* cmd = branch->add_subcommand(reset ? "reset" : "delete",
                                       reset ? "return a branch to its state at creation (T0)"
                                             : "stop and delete a branch with its files and snapshot");
    auto name = std::make_shared<std::string>();
    auto project = std::make_shared<std::string>();
    auto yes = std::make_shared<bool>(false);
    cmd->add_option("NAME", *name, "branch name")->required();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_flag("-y,--yes", *yes, "do not ask for confirmation");
    cmd->callback([&g, name, project, yes, reset] {
      std::string what = reset ? "reset branch " + Quoted(*name) + " to its creation state, discarding its changes?"
                               : "delete branch " + Quoted(*name) + " and all its data?";
      if (!*yes && !Confirm(what)) {
        Fail(ErrorKind::kUsage, std::string("not ") + (reset ? "resetting" : "deleting") + " branch " + Quoted(*name) +
                                    " without confirmation",
             "pass -y to confirm");
      }
      InstallProgress(g);
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      if (reset) {
        auto t = eng.ResetBranch(Opt(*project), *name);
        Emit(g, TargetJson(t, /*with_password=*/true), [&] { std::cout << "reset branch " << *name << " to T0 (" << t.state << ")\n"; });
      } else {
        eng.DeleteBranch(Opt(*project), *name);
        Emit(g, {{"deleted", *name}}, [&] { std::cout << "deleted branch " << *name << "\n"; });
      }
    });
  }
  RegisterBranchMerge(*branch, g);
}

}  // namespace graft::cli
