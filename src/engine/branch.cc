// Branch lifecycle: create, list, switch, reset, delete.
//
// A branch is a project row with a parent, and its own instance. Create:
//   1. clone the running parent (backup API; extents cloned on btrfs/XFS)
//      into the branch's data directory, and hard-link the parent's immutable
//      storage object files, both under the parent's storage lock;
//   2. start it on its own port, give it its own password;
//      schema-only: empty user tables and platform data tables, restart
//      sequences;
//   3. record T0: the schema model with fingerprints and the platform config
//      rows, read from the branch before anyone can write to it;
//   4. snapshot it (a second clone, never started) for reset; full: the
//      fresh clone is copied before it starts; schema-only: the emptied
//      branch is shut down cleanly, copied and started again.
// Reset copies the snapshot beside the running branch, stops it, swaps the
// data directories, restores the storage files and starts it again. Every
// step is recorded; a killed create is rolled back, a killed reset or delete
// is rolled forward.
#include <unistd.h>

#include <chrono>
#include <thread>

#include "common/error.h"
#include "common/names.h"
#include "common/text.h"
#include "engine/engine.h"
#include "engine/merge_rows.h"
#include "engine/operation.h"
#include "engine/states.h"
#include "instance/clone.h"
#include "instance/instance.h"
#include "introspect/introspect.h"
#include "keys/jwt.h"
#include "os/process.h"
#include "platform/platform.h"
#include "schema/model.h"
#include "store/records.h"
#include "store/store.h"

namespace graft::engine {

namespace {

// Mirrors a storage folder with hard links to its object files: only
// objects/ (immutable, complete files). tmp/ holds uploads in progress or
// left by a killed upload and is never linked into a branch or snapshot.
void LinkStorage(const std::string& src, const std::string& dst) {
  os::MakeDirs(dst, 0700);
  if (os::IsDir(src + "/objects")) os::LinkTree(src + "/objects", dst + "/objects");
}

std::string SnapshotDir(const std::string& home, int64_t id) { return home + "/snapshots/" + std::to_string(id); }

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Target Engine::CreateBranch(const std::optional<std::string>& project, const std::string& name,
                            const BranchOptions& opts) {
  ValidateName("branch", name);
  if (opts.mode != "full" && opts.mode != "schema-only") {
    Fail(ErrorKind::kUsage, "unknown branch mode " + Quoted(opts.mode), "use --mode full or --mode schema-only");
  }
  Target current = Resolve(project, std::nullopt);
  if (current.is_branch()) {
    Fail(ErrorKind::kWrongState, "cannot create a branch of branch '" + current.display + "': branches do not nest",
         "switch back with 'graft branch switch --parent' and branch from the project");
  }
  Target parent = current;
  if (parent.state != "ready") {
    Fail(ErrorKind::kWrongState, "project '" + parent.project + "' is " + parent.state);
  }
  if (!instance::RunningPid(parent.data_dir)) {
    Fail(ErrorKind::kWrongState, "the instance of project '" + parent.project + "' is stopped",
         "start it with 'graft start --project " + parent.project + "'");
  }
  std::string password = keys::NewDbPassword();
  std::string api_key = keys::NewApiKey();
  auto op = Operation::Begin(*store_, locks_dir(), "branch-create", parent.project + "/" + name,
                             {{"mode", opts.mode}, {"parent_id", parent.id}}, [&]() -> int64_t {
    auto pr = store::SecretsOf(*store_, parent.id);
    if (!pr) Fail(ErrorKind::kNotFound, "project '" + parent.project + "' does not exist");
    if (pr->state != "ready") Fail(ErrorKind::kWrongState, "project '" + parent.project + "' is " + pr->state);
    if (auto dup = store::BranchStateByName(*store_, parent.id, name)) {
      Fail(ErrorKind::kAlreadyExists, "branch '" + name + "' of project '" + parent.project + "' already exists (" +
                                          *dup + ")",
           "pick another name, or delete it with 'graft branch delete " + name + "'");
    }
    int64_t n = store::CountBranches(*store_, parent.id);
    if (n >= config_.max_branches_per_parent) {
      Fail(ErrorKind::kQuota,
           "project '" + parent.project + "' has " + std::to_string(n) + " active branches, the quota of " +
               std::to_string(config_.max_branches_per_parent) + " branches per project",
           "delete one with 'graft branch delete NAME' (or raise quotas.branches_per_parent in " + home_ +
               "/config.json)");
    }
    if (n == 0) {
      int64_t pn = store::CountParentsWithBranches(*store_, pr->org_id);
      if (pn >= config_.max_parents_with_branches_per_org) {
        Fail(ErrorKind::kQuota,
             "org '" + parent.org + "' already has " + std::to_string(pn) +
                 " projects with branches, the quota of " + std::to_string(config_.max_parents_with_branches_per_org) +
                 " per org",
             "delete every branch of another project (or raise quotas.parents_with_branches_per_org in " + home_ +
                 "/config.json)");
      }
    }
    int64_t id = store::InsertProject(
        *store_, {pr->org_id, name, parent.id, opts.mode, AllocatePort(), password, pr->jwt_secret, api_key});
    std::string anon = keys::SignHs256({{"role", "anon"}, {"iss", "graft"},
                                        {"ref", parent.org + ":" + parent.project + "/" + name + "#" + std::to_string(id)},
                                        {"iat", NowSeconds()}},
                                       pr->jwt_secret);
    store::SetAnonKey(*store_, id, anon);
    return id;
  });
  Target b = LoadTarget(op.project_id());
  std::string snap = SnapshotDir(home_, b.id);
  try {
    std::string method, stop_lsn;
    op.Step("clone", [&] {
      os::MakeDirs(b.instance_dir, os::TraverseMode());
      auto storage_lock = LockStorage(parent);
      auto pconn = Connect(parent);
      auto r = instance::CloneRunning(pconn, parent.data_dir, b.data_dir);
      method = r.method();
      stop_lsn = r.stop_lsn;
      if (opts.mode == "full" && os::Exists(parent.storage_dir)) {
        LinkStorage(parent.storage_dir, b.storage_dir);
      } else {
        os::MakeDirs(b.storage_dir, 0700);
      }
    });
    if (opts.mode == "full") {
      // The fresh clone (backup label + WAL, never started) is itself the T0
      // snapshot: copy it before the branch starts writing.
      op.Step("snapshot", [&] {
        os::MakeDirs(snap, 0700);
        instance::CloneStopped(b.data_dir, snap + "/data");
        LinkStorage(b.storage_dir, snap + "/storage");
      });
    }
    // A schema-only branch is emptied before anyone can use it, with fsync
    // off: TRUNCATE rebuilds every index and each build fsyncs its files,
    // about 1.5 ms an index. If the machine dies meanwhile, the create is
    // rolled back anyway; the files are made durable below, before the branch
    // is ready.
    bool schema_only = opts.mode == "schema-only";
    op.Step("start", [&] {
      RepickPortIfTaken(b);
      if (schema_only) {
        StartInstance(b, {{"fsync", "off"}});
      } else {
        StartInstance(b);
      }
    });
    op.Step("configure", [&] {
      auto c = Connect(b);
      c.Exec("ALTER ROLE postgres PASSWORD " + pg::QuoteLiteral(password));
      if (opts.mode == "schema-only") platform::EmptyForSchemaOnly(c);
      platform::SyncSchedules(c);  // the clone's cron.job rows name the parent's socket and port
    });
    op.Step("record-t0", [&] {
      auto c = Connect(b);
      auto model = introspect::Introspect(c, {});
      nlohmann::json schema_json = schema::ToJson(model);
      nlohmann::json platform_json = platform::ConfigRows(c);
      store::DeleteMergeBase(*store_, b.id);  // a reused id's stale base
      store::PutT0(*store_, {b.id, parent.id, schema_json.dump(), platform_json.dump(), stop_lsn, snap});
    });
    if (schema_only) {
      // T0 is the emptied state: a clean shutdown of it, copied, is the
      // snapshot (a reset then starts without recovery). One syncfs makes the
      // branch and its snapshot durable before the server runs with fsync on.
      op.Step("snapshot", [&] {
        instance::Stop(b.data_dir, /*immediate=*/false);
        os::MakeDirs(snap, 0700);
        instance::CloneStopped(b.data_dir, snap + "/data");
        LinkStorage(b.storage_dir, snap + "/storage");
        SyncCopied(b);
      });
      op.Step("restart", [&] { StartInstance(b); });
    }
    op.Step("ready", [&] {
      store_->Write([&] {
        store::SetReadyCloned(*store_, b.id, method);
        if (opts.switch_context) {
          std::string spec = parent.org + ":" + parent.project;
          store::SetLinkedProject(*store_, spec);
          store::SetCurrentBranch(*store_, spec, name);
        }
        op.Done();
      });
    });
  } catch (const std::exception& e) {
    RemoveInstance(b);
    os::RemoveAll(snap);
    store_->Write([&] {
      store::DeleteT0(*store_, b.id);
      store::DeleteProject(*store_, b.id);
      op.Failed(e.what());
    });
    throw;
  }
  return LoadTarget(b.id);
}

std::vector<Target> Engine::ListBranches(const std::optional<std::string>& project) {
  Target t = Resolve(project, std::nullopt);
  int64_t parent_id = t.is_branch() ? t.parent_id : t.id;
  return LoadTargets("WHERE p.parent_id = ? ORDER BY p.created_at, p.id", {std::to_string(parent_id)});
}

void Engine::SwitchBranch(const std::optional<std::string>& project, const std::optional<std::string>& branch) {
  Target t = Resolve(project, std::nullopt);
  Target parent = t.is_branch() ? LoadTarget(t.parent_id) : t;
  std::string spec = parent.org + ":" + parent.project;
  if (branch) Resolve(spec, branch);  // must exist
  store_->Write([&] {
    store::SetLinkedProject(*store_, spec);
    store::SetCurrentBranch(*store_, spec, branch);
  });
}

namespace {


}  // namespace

Target Engine::ResetBranch(const std::optional<std::string>& project, const std::string& name) {
  ValidateName("branch", name);
  Target t = Resolve(project, std::nullopt);
  Target parent = t.is_branch() ? LoadTarget(t.parent_id) : t;
  Target b = Resolve(parent.org + ":" + parent.project, name);
  // A reset starts the branch at its end: never silently for a stopped one.
  if (b.state == "ready" && !instance::RunningPid(b.data_dir)) {
    Fail(ErrorKind::kWrongState, "branch '" + b.display + "' is stopped",
         "start it with 'graft start --project " + parent.project + "', then reset it");
  }
  auto op = Operation::Begin(*store_, locks_dir(), "branch-reset", b.display, {}, [&]() -> int64_t {
    return ClaimBranch(*store_, b.id, b.display, "reset");
  });
  try {
    RecoverBranchOp("branch-reset", op.id(), b.id, {});
  } catch (const std::exception& e) {
    store_->Write([&] {
      store::SetState(*store_, b.id, "ready", std::string("reset failed: ") + e.what());
      op.Failed(e.what());
    });
    throw;
  }
  return LoadTarget(b.id);
}

void Engine::DeleteBranch(const std::optional<std::string>& project, const std::string& name) {
  ValidateName("branch", name);
  Target t = Resolve(project, std::nullopt);
  Target parent = t.is_branch() ? LoadTarget(t.parent_id) : t;
  Target b = Resolve(parent.org + ":" + parent.project, name);
  auto op = Operation::Begin(*store_, locks_dir(), "branch-delete", b.display, {}, [&]() -> int64_t {
    return ClaimBranch(*store_, b.id, b.display, "delete");
  });
  RecoverBranchOp("branch-delete", op.id(), b.id, {});
}

void Engine::RecoverBranchOp(const std::string& kind, int64_t op_id, int64_t project_id, const nlohmann::json& args) {
  std::string id = std::to_string(op_id);
  auto finish = [&](const char* state, const std::string& note) {
    store::EndOperation(*store_, op_id, state, note);
  };
  auto v = LoadTargets("WHERE p.id = ?", {std::to_string(project_id)});
  if (kind == "branch-create") {
    // Roll back: the branch never existed.
    if (!v.empty()) RemoveInstance(v[0]);
    os::RemoveAll(SnapshotDir(home_, project_id));
    store_->Write([&] {
      store::DeleteT0(*store_, project_id);
      store::DeleteProject(*store_, project_id);
      finish("rolled_back", "interrupted; rolled back");
    });
  } else if (kind == "branch-delete") {
    if (!v.empty()) {
      const Target& b = v[0];
      RemoveInstance(b);
      MaybeKill(kind, "removed-instance");
      os::RemoveAll(SnapshotDir(home_, b.id));
      store_->Write([&] {
        store::DeleteT0(*store_, b.id);
        store::DeleteMergeBase(*store_, b.id);
        store::DeleteProject(*store_, b.id);
        std::string spec = b.org + ":" + b.project;
        store::ForgetBranch(*store_, spec, *b.branch);
        finish("done", "");
      });
    } else {
      finish("done", "");
    }
  } else if (kind == "branch-reset") {
    // Roll forward: every step is idempotent, so redo them all.
    if (v.empty()) {
      finish("failed", "branch vanished");
      return;
    }
    const Target& b = v[0];
    std::string snap = SnapshotDir(home_, b.id);
    if (!os::Exists(snap + "/data/PG_VERSION")) {
      store_->Write([&] {
        store::SetState(*store_, b.id, "ready", std::string("reset failed: the T0 snapshot is missing"));
        finish("failed", "the T0 snapshot is missing");
      });
      Fail(ErrorKind::kEnvironment, "the T0 snapshot of branch '" + b.display + "' is missing (" + snap + ")",
           "the branch was left as it was; to get a branch at T0 again, delete it with 'graft branch delete " +
               *b.branch + "' and create it again");
    }
    // The steps redone are recorded after the interrupted ones.
    StepRecorder recorder(*store_, op_id, kind);
    auto step = [&](const std::string& name, const std::function<void()>& fn) { recorder.Step(name, fn); };
    // The copy of the snapshot is made while the branch still runs (its
    // writes are being thrown away anyway); the branch is down only for the
    // swap of directories and the start. The old files are unlinked while the
    // server starts.
    std::string incoming = b.instance_dir + "/data.incoming", old = b.instance_dir + "/data.old";
    step("copy-snapshot", [&] {
      os::RemoveAll(incoming);
      instance::CloneStopped(snap + "/data", incoming);
      SyncCopied(b);
    });
    step("stop", [&] { instance::Stop(b.data_dir, /*immediate=*/true); });
    step("swap-data", [&] {
      if (os::Exists(incoming)) {  // else a killed earlier run already swapped
        os::RemoveAll(old);
        if (os::Exists(b.data_dir) && rename(b.data_dir.c_str(), old.c_str()) != 0) {
          Fail(ErrorKind::kEnvironment, "cannot move " + b.data_dir + " aside");
        }
        if (rename(incoming.c_str(), b.data_dir.c_str()) != 0) {
          Fail(ErrorKind::kEnvironment, "cannot move the restored data directory into " + b.data_dir);
        }
      }
    });
    step("restore-storage", [&] {
      std::string incoming_storage = b.instance_dir + "/storage.incoming";
      os::RemoveAll(incoming_storage);
      LinkStorage(snap + "/storage", incoming_storage);
      os::RemoveAll(b.storage_dir);
      if (rename(incoming_storage.c_str(), b.storage_dir.c_str()) != 0) {
        Fail(ErrorKind::kEnvironment, "cannot move the restored storage into " + b.storage_dir);
      }
    });
    step("start", [&] {
      std::thread unlink_old([&] {
        try {
          os::RemoveAll(old);
        } catch (const std::exception&) {
          // left for the next reset or delete (both remove the instance dir)
        }
      });
      try {
        StartInstance(b);
      } catch (...) {
        unlink_old.join();
        throw;
      }
      unlink_old.join();
      // A full branch's snapshot predates its own password: set it again.
      auto c = Connect(b);
      c.Exec("ALTER ROLE postgres PASSWORD " + pg::QuoteLiteral(store::SecretsOf(*store_, b.id)->db_password));
      platform::SyncSchedules(c);  // a full branch's snapshot holds the parent's cron.job rows
    });
    store_->Write([&] {
      // Back to T0, the merge base too: the next merge starts from T0 again.
      store::DeleteMergeBase(*store_, b.id);
      store::SetState(*store_, b.id, "ready", std::string());
      finish("done", "");
    });
  } else if (kind == "branch-merge") {
    RecoverMerge(op_id, project_id, args);
  } else {
    Fail(ErrorKind::kInternal, "cannot recover unknown operation kind " + kind);
  }
}

}  // namespace graft::engine
