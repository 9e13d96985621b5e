#include "engine/engine.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>

#include "common/error.h"
#include "common/names.h"
#include "common/teardown.h"
#include "common/text.h"
#include "engine/config.h"
#include "engine/operation.h"
#include "instance/instance.h"
#include "instance/roles.h"
#include "keys/jwt.h"
#include "os/process.h"
#include "platform/platform.h"
#include "store/records.h"
#include "store/store.h"

namespace graft::engine {

namespace {

std::string DefaultHome() {
  if (os::RunningAsRoot()) return "/var/lib/graft";
  const char* xdg = getenv("XDG_DATA_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/graft";
  const char* home = getenv("HOME");
  if (!home || !*home) {
    struct passwd* pw = getpwuid(getuid());
    home = pw ? pw->pw_dir : "/tmp";
  }
  return std::string(home) + "/.local/share/graft";
}

Config LoadConfig(const std::string& path) {
  if (!os::Exists(path)) return Config{};
  return ParseConfig(os::ReadFile(path, /*follow_links=*/false), path);
}

// graft's own entries in a home; nothing else in the folder is touched.
constexpr const char* kHomeEntries[] = {"graft.db", "graft.db-wal", "graft.db-shm", "graft.db-journal", "config.json",
                                        "locks", "instances", "snapshots", "templates", "run"};

// Homes made before graft created everything private (files 0644, folders
// 0755) are tightened once: when the home folder or graft.db can be read by
// others, graft's entries lose every group and other bit, then the folders
// the server user must traverse get their search bit back. The home folder
// itself is changed only when it holds nothing but graft's entries (so a
// mistaken --home such as / or ~ is never changed).
void TightenModes(const std::string& home, mode_t traverse) {
  struct stat home_st {}, db_st {};
  if (stat(home.c_str(), &home_st) != 0) return;
  bool loose = (home_st.st_mode & 066) != 0 ||
               (lstat((home + "/graft.db").c_str(), &db_st) == 0 && (db_st.st_mode & 077) != 0);
  if (!loose) return;
  bool only_graft = true;
  for (const auto& name : os::ListDir(home)) {
    bool ours = false;
    for (const char* e : kHomeEntries) ours = ours || name == e;
    only_graft = only_graft && ours;
  }
  if (only_graft && !(home_st.st_mode & S_ISVTX)) chmod(home.c_str(), traverse);
  for (const char* e : kHomeEntries) os::RestrictToOwner(home + "/" + e);
  for (const char* d : {"/instances", "/templates"}) {
    if (os::IsDir(home + d)) chmod((home + d).c_str(), traverse);
  }
  if (os::IsDir(home + "/instances")) {
    for (const auto& id : os::ListDir(home + "/instances")) chmod((home + "/instances/" + id).c_str(), traverse);
  }
}

// A home another local user could steer is refused: the
// home folder must belong to the invoking user and be writable by no one
// else, and graft's own entries in it must not be symbolic links (a planted
// link would make graft write or read through it) nor belong to anyone but
// the invoking user (run/ belongs to the server user). `allow_other_owner`
// (--allow-other-owner) accepts a home and entries owned by another user,
// never links nor a folder others can write.
void CheckHomeTrust(const std::string& home, bool allow_other_owner) {
  const std::string hint = "use a home you own, or pass --allow-other-owner if you trust its owner";
  struct stat st {};
  if (stat(home.c_str(), &st) != 0) return;
  uid_t me = geteuid();
  if (st.st_uid != me && !allow_other_owner) {
    Fail(ErrorKind::kEnvironment,
         "home directory " + Quoted(home, 200) + " belongs to uid " + std::to_string(st.st_uid) + ", not to you", hint);
  }
  if ((st.st_mode & 022) != 0 && !(st.st_mode & S_ISVTX && st.st_uid == me)) {
    Fail(ErrorKind::kEnvironment, "home directory " + Quoted(home, 200) + " is writable by other users",
         "run 'chmod go-w " + home + "' or choose another home");
  }
  uid_t server = os::ServerUser().uid;
  for (const char* e : kHomeEntries) {
    std::string path = home + "/" + e;
    struct stat est {};
    if (lstat(path.c_str(), &est) != 0) continue;
    if (S_ISLNK(est.st_mode)) {
      Fail(ErrorKind::kEnvironment, Quoted(path, 200) + " is a symbolic link; graft never follows links in its home",
           "remove the link (graft recreates what it needs)");
    }
    bool owner_ok = est.st_uid == me || (std::string(e) == "run" && est.st_uid == server);
    if (!owner_ok && !allow_other_owner) {
      Fail(ErrorKind::kEnvironment, Quoted(path, 200) + " belongs to uid " + std::to_string(est.st_uid) + ", not to you",
           hint);
    }
  }
}

}  // namespace

void StartProcess() {
  os::UsePrivateUmask();
  KeepDiscardedUntilExit();  // the process ends after one command (common/teardown.h)
}

Engine::Engine(const std::string& home_flag, bool allow_other_owner, HomeMode mode) {
  std::string home = home_flag;
  if (home.empty()) {
    const char* env = getenv("GRAFT_HOME");
    home = env && *env ? env : DefaultHome();
  }
  home_ = os::Absolute(home);
  while (home_.size() > 1 && home_.back() == '/') home_.pop_back();
  struct stat home_st {};
  if (mode == HomeMode::kOpen && lstat(home_.c_str(), &home_st) != 0 && errno == ENOENT) {
    Fail(ErrorKind::kNotFound, "no graft home at " + Quoted(home_, 200),
         "run 'graft project create NAME' to make one there, or choose another home with --home or GRAFT_HOME");
  }
  const mode_t traverse = os::TraverseMode();
  try {
    os::MakeDirs(home_, traverse);
  } catch (const Error& e) {
    Fail(ErrorKind::kEnvironment, "home directory " + home_ + " cannot be created: " + e.what(),
         "choose a writable directory with --home or GRAFT_HOME");
  }
  if (access(home_.c_str(), W_OK | X_OK) != 0) {
    Fail(ErrorKind::kEnvironment, "home directory " + home_ + " is not writable",
         "choose a writable directory with --home or GRAFT_HOME");
  }
  const auto& user = os::ServerUser();
  if (os::RunningAsRoot() && !os::UserCanReach(home_, user.uid, user.gid, /*write=*/false)) {
    // The servers run as an unprivileged user; it must be able to traverse
    // every directory leading to the home.
    Fail(ErrorKind::kEnvironment, "home directory " + home_ + " is not reachable by the server user '" + user.name + "'",
         "Postgres refuses to run as root, so graft runs it as '" + user.name +
             "'; choose a home under directories it can traverse (for example /var/lib/graft or /tmp)");
  }
  // Unix socket paths are limited to 107 bytes.
  std::string socket_probe = home_ + "/run/.s.PGSQL.65535.lock";
  if (socket_probe.size() > 107) {
    Fail(ErrorKind::kEnvironment, "home directory " + home_ + " is too long for Postgres unix sockets",
         "use a home path shorter than 80 characters");
  }
  CheckHomeTrust(home_, allow_other_owner);
  TightenModes(home_, traverse);
  for (const char* d : {"/locks", "/snapshots"}) os::MakeDirs(home_ + d, 0700);
  // Locks live where only the owner can open them: flock needs no more than
  // read access, so a lock file others could open could be held by them.
  if (chmod((home_ + "/locks").c_str(), 0700) != 0) {
    Fail(ErrorKind::kEnvironment, "cannot make " + home_ + "/locks private: " + strerror(errno));
  }
  for (const char* d : {"/instances", "/templates"}) os::MakeDirs(home_ + d, traverse);
  os::MakeDirs(home_ + "/run", 0700);
  os::Chown(home_ + "/run", user.uid, user.gid, false);
  config_ = LoadConfig(home_ + "/config.json");
  store_ = std::make_unique<store::Store>(home_ + "/graft.db");
}

std::vector<store::OperationRecord> Engine::Operations(int limit) { return store::RecentOperations(*store_, limit); }

Engine::~Engine() = default;

// ---------------------------------------------------------------- targets --

std::vector<Target> Engine::LoadTargets(const std::string& where,
                                        const std::vector<std::optional<std::string>>& params) {
  auto rows = store_->Query(
      "SELECT p.id, p.name, p.parent_id, p.state, p.mode, p.port, p.db_password, p.clone_method, p.last_error, "
      "p.created_at, o.name AS org, par.name AS parent_name "
      "FROM projects p JOIN orgs o ON o.id = p.org_id LEFT JOIN projects par ON par.id = p.parent_id " +
          where,
      params);
  std::vector<Target> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    Target t;
    t.id = rows.Int(i, "id");
    t.org = rows.Str(i, "org");
    t.parent_id = rows.Null(i, "parent_id") ? 0 : rows.Int(i, "parent_id");
    if (t.parent_id) {
      t.project = rows.Str(i, "parent_name");
      t.branch = rows.Str(i, "name");
      t.display = t.project + "/" + *t.branch;
    } else {
      t.project = rows.Str(i, "name");
      t.display = t.project;
    }
    t.state = rows.Str(i, "state");
    t.mode = rows.Str(i, "mode");
    t.port = static_cast<int>(rows.Int(i, "port"));
    t.instance_dir = home_ + "/instances/" + std::to_string(t.id);
    t.data_dir = t.instance_dir + "/data";
    t.storage_dir = t.instance_dir + "/storage";
    t.socket_dir = home_ + "/run";
    t.url = instance::TcpUrl(t.port, rows.Str(i, "db_password"));
    t.clone_method = rows.Str(i, "clone_method");
    t.last_error = rows.Str(i, "last_error");
    t.created_at = rows.Str(i, "created_at");
    out.push_back(std::move(t));
  }
  return out;
}

Target Engine::LoadTarget(int64_t id) {
  auto v = LoadTargets("WHERE p.id = ?", {std::to_string(id)});
  if (v.empty()) Fail(ErrorKind::kNotFound, "project #" + std::to_string(id) + " does not exist");
  return v[0];
}

Target Engine::FindProject(const std::string& spec) {
  std::string org, name = spec;
  auto colon = spec.find(':');
  if (colon != std::string::npos) {
    org = spec.substr(0, colon);
    name = spec.substr(colon + 1);
  }
  if (CheckName(name)) ValidateName("project", name);
  auto v = org.empty() ? LoadTargets("WHERE p.parent_id IS NULL AND p.name = ? ORDER BY p.id", {name})
                       : LoadTargets("WHERE p.parent_id IS NULL AND p.name = ? AND o.name = ?", {name, org});
  if (v.empty()) {
    Fail(ErrorKind::kNotFound, "project " + Quoted(spec) + " does not exist", "'graft project list' shows the projects");
  }
  if (v.size() > 1) {
    Fail(ErrorKind::kUsage, "project name '" + name + "' exists in several orgs",
         "name it as ORG:NAME (for example " + v[0].org + ":" + name + ")");
  }
  return v[0];
}

void Engine::Link(const std::string& project) {
  Target t = FindProject(project);
  std::string spec = t.org + ":" + t.project;
  store_->Write([&] {
    store::SetLinkedProject(*store_, spec);
  });
}

std::optional<std::string> Engine::LinkedProject() { return store::LinkedProject(*store_); }

std::optional<std::string> Engine::LinkedBranch() {
  auto p = LinkedProject();
  if (!p) return std::nullopt;
  return store::CurrentBranch(*store_, *p);
}

Target Engine::Resolve(const std::optional<std::string>& project, const std::optional<std::string>& branch) {
  std::string spec;
  bool from_context = false;
  if (project && !project->empty()) {
    spec = *project;
  } else if (const char* env = getenv("GRAFT_PROJECT"); env && *env) {
    spec = env;
    from_context = true;
  } else if (auto linked = LinkedProject()) {
    spec = *linked;
    from_context = true;
  } else {
    Fail(ErrorKind::kUsage, "no project given and none linked",
         "pass --project NAME, set GRAFT_PROJECT, or run 'graft link NAME'");
  }
  Target parent = FindProject(spec);
  std::optional<std::string> b = branch;
  if (!b && from_context) {
    b = store::CurrentBranch(*store_, parent.org + ":" + parent.project);
  }
  if (!b || b->empty()) return parent;
  ValidateName("branch", *b);
  auto v = LoadTargets("WHERE p.parent_id = ? AND p.name = ?", {std::to_string(parent.id), *b});
  if (v.empty()) {
    Fail(ErrorKind::kNotFound, "branch '" + *b + "' of project '" + parent.project + "' does not exist",
         "'graft branch list --project " + parent.project + "' shows its branches");
  }
  return v[0];
}

Target Engine::ResolveReady(const std::optional<std::string>& project, const std::optional<std::string>& branch) {
  Target t = Resolve(project, branch);
  if (t.state != "ready" && t.state != "merged") {
    Fail(ErrorKind::kWrongState, t.display + " is " + t.state, "wait for the running operation to finish");
  }
  if (!instance::RunningPid(t.data_dir)) {
    Fail(ErrorKind::kWrongState, "the instance of " + t.display + " is stopped",
         "start it with 'graft start --project " + t.project + "'");
  }
  return t;
}

pg::Conn Engine::Connect(const Target& t) {
  auto c = instance::ConnectAdmin(t.socket_dir, t.port);
  // An instance made by an older graft (also one just migrated to the role
  // layout) gets the platform migrations it misses, grants included.
  int installed = platform::InstalledVersion(c);
  if (installed > 0 && installed < platform::LatestVersion()) platform::Install(c);
  return c;
}

pg::Conn Engine::ConnectUser(const Target& t) {
  Connect(t);  // migrates an old instance first
  return instance::ConnectUser(t.socket_dir, t.port);
}

os::FileLock Engine::LockStorage(const Target& t) {
  auto lock = os::FileLock::Acquire(locks_dir() + "/storage-" + std::to_string(t.id) + ".lock", 120000);
  if (!lock) Fail(ErrorKind::kWrongState, "storage of " + t.display + " is locked by another graft command");
  return std::move(*lock);
}

// --------------------------------------------------------------- instances --

void Engine::StartInstance(const Target& t, const std::map<std::string, std::string>& overrides) {
  instance::Config c;
  c.data_dir = t.data_dir;
  c.socket_dir = t.socket_dir;
  c.log_path = t.instance_dir + "/log/postgres.log";
  c.port = t.port;
  c.settings = instance::DefaultSettings(t.is_branch());
  for (const auto& [k, v] : config_.instance_settings) c.settings[k] = v;
  if (t.is_branch()) {
    for (const auto& [k, v] : config_.branch_instance_settings) c.settings[k] = v;
  }
  for (const auto& [k, v] : overrides) c.settings[k] = v;
  instance::Start(c);
}

void Engine::SyncCopied(const Target& t) {
  auto off = [](const std::map<std::string, std::string>& s) {
    auto it = s.find("fsync");
    return it != s.end() && (it->second == "off" || it->second == "'off'" || it->second == "false");
  };
  if (off(config_.instance_settings) || (t.is_branch() && off(config_.branch_instance_settings))) return;
  os::SyncFilesystem(t.data_dir);
}

void Engine::RemoveInstance(const Target& t) {
  if (os::Exists(t.data_dir)) instance::Stop(t.data_dir, /*immediate=*/true);
  os::RemoveAll(t.instance_dir);
}

int Engine::AllocatePort() {
  std::vector<bool> used(static_cast<size_t>(config_.last_port - config_.first_port + 1), false);
  for (int p : store::UsedPorts(*store_)) {
    if (p >= config_.first_port && p <= config_.last_port) used[static_cast<size_t>(p - config_.first_port)] = true;
  }
  for (int p = config_.first_port; p <= config_.last_port; ++p) {
    if (!used[static_cast<size_t>(p - config_.first_port)] && os::PortFree(p)) return p;
  }
  Fail(ErrorKind::kEnvironment,
       "no free port left in " + std::to_string(config_.first_port) + ".." + std::to_string(config_.last_port),
       "widen ports.first/ports.last in " + home_ + "/config.json or delete unused projects");
}

void Engine::RepickPortIfTaken(Target& t) {
  if (os::PortFree(t.port)) return;
  store_->Write([&] {
    int port = AllocatePort();
    store::SetPort(*store_, t.id, port);
  });
  t = LoadTarget(t.id);
}

std::vector<InstanceStatus> Engine::Status() {
  std::vector<InstanceStatus> out;
  for (auto& t : LoadTargets("ORDER BY COALESCE(p.parent_id, p.id), p.parent_id IS NOT NULL, p.name", {})) {
    out.push_back(StatusOf(std::move(t)));
  }
  return out;
}

InstanceStatus Engine::StatusOf(Target t) {
  InstanceStatus s;
  s.running = instance::RunningPid(t.data_dir) != 0;
  s.accepting = s.running && instance::Accepting(t.socket_dir, t.port, 2);
  s.detail = !s.running ? "stopped" : (s.accepting ? "accepting connections" : "running, not accepting connections");
  s.target = std::move(t);
  return s;
}

// Every instance, or one project's with its branches.
std::vector<Target> Engine::InstancesOf(const std::optional<std::string>& project) {
  if (!project) return LoadTargets("ORDER BY p.id", {});
  Target p = FindProject(*project);
  return LoadTargets("WHERE p.id = ? OR p.parent_id = ? ORDER BY p.id", {std::to_string(p.id), std::to_string(p.id)});
}

void Engine::Start(const std::optional<std::string>& project) {
  for (const auto& t : InstancesOf(project)) {
    if (t.state == "ready" || t.state == "merged") StartInstance(t);
  }
}

void Engine::Stop(const std::optional<std::string>& project) {
  auto targets = InstancesOf(project);
  // Stopping an instance under a running operation (a clone of it, its
  // reset, a merge into it) would break that operation: refuse, stop nothing.
  for (const auto& t : targets) {
    auto ops = store_->Query(
        "SELECT o.kind, o.project_name, o.step FROM operations o LEFT JOIN projects p ON p.id = o.project_id "
        "WHERE o.state = 'running' AND (o.project_id = ? OR p.parent_id = ?) ORDER BY o.id",
        {std::to_string(t.id), std::to_string(t.id)});
    if (!ops.empty()) {
      Fail(ErrorKind::kWrongState,
           "cannot stop " + t.display + ": " + ops.Str(0, "kind") + " of " + ops.Str(0, "project_name") +
               " is running (step " + ops.Str(0, "step") + ")",
           "wait for it to finish, then run 'graft stop' again");
    }
  }
  for (const auto& t : targets) instance::Stop(t.data_dir, /*immediate=*/false);
}

// ---------------------------------------------------------------- projects --

Target Engine::CreateProject(const std::string& name, const std::string& org) {
  ValidateName("project", name);
  ValidateName("org", org);
  std::string tmpl = instance::EnsureTemplate(home_ + "/templates", locks_dir());
  std::string password = keys::NewDbPassword();
  std::string secret = keys::NewJwtSecret();
  std::string api_key = keys::NewApiKey();
  auto op = Operation::Begin(*store_, locks_dir(), "project-create", name, {{"org", org}}, [&]() -> int64_t {
    int64_t org_id = store::OrgIdOrCreate(*store_, org);
    if (store::ProjectStateByName(*store_, org_id, name)) {
      Fail(ErrorKind::kAlreadyExists, "project '" + name + "' already exists in org '" + org + "'",
           "pick another name, or delete it first with 'graft project delete " + name + "'");
    }
    int64_t id = store::InsertProject(*store_, {org_id, name, 0, "", AllocatePort(), password, secret, api_key});
    std::string anon = keys::SignHs256(
        {{"role", "anon"}, {"iss", "graft"}, {"ref", org + ":" + name + "#" + std::to_string(id)},
         {"iat", std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()}},
        secret);
    store::SetAnonKey(*store_, id, anon);
    return id;
  });
  Target t = LoadTarget(op.project_id());
  try {
    op.Step("copy-template", [&] {
      os::MakeDirs(t.instance_dir, os::TraverseMode());
      os::CopyTree(tmpl, t.data_dir);
      SyncCopied(t);
      os::MakeDirs(t.storage_dir, 0700);
    });
    op.Step("start", [&] {
      RepickPortIfTaken(t);
      StartInstance(t);
    });
    op.Step("configure", [&] {
      auto c = Connect(t);
      c.Exec("ALTER ROLE postgres PASSWORD " + pg::QuoteLiteral(password));
      platform::Install(c);
    });
    op.Step("ready", [&] {
      store_->Write([&] {
        store::SetState(*store_, t.id, "ready");
        op.Done();
      });
    });
  } catch (const std::exception& e) {
    RemoveInstance(t);
    store_->Write([&] {
      store::DeleteProject(*store_, t.id);
      op.Failed(e.what());
    });
    throw;
  }
  return LoadTarget(t.id);
}

std::vector<Target> Engine::ListProjects() {
  return LoadTargets("WHERE p.parent_id IS NULL ORDER BY o.name, p.name", {});
}

void Engine::DeleteProject(const std::string& name, const std::string& org) {
  Target t = FindProject(org.empty() ? name : org + ":" + name);
  auto busy = LoadTargets("WHERE (p.id = ? OR p.parent_id = ?) AND p.state NOT IN ('ready', 'merged')",
                          {std::to_string(t.id), std::to_string(t.id)});
  if (!busy.empty()) {
    Fail(ErrorKind::kWrongState, busy[0].display + " is " + busy[0].state,
         "wait for the running operation to finish, then delete");
  }
  auto op = Operation::Begin(*store_, locks_dir(), "project-delete", t.project, {}, [&]() -> int64_t {
    store::SetDeletingWithBranches(*store_, t.id);
    return t.id;
  });
  RecoverOne("project-delete", op.id(), t.id, {});
}

// ---------------------------------------------------------------- recovery --

void Engine::Recover() {
  for (const auto& o : store::RunningOperations(*store_)) {
    auto lock = os::FileLock::TryAcquire(o.lock_path);
    if (!lock) continue;  // its process is alive and still working
    int64_t op_id = o.id;
    const std::string& kind = o.kind;
    int64_t project_id = o.project_id;
    nlohmann::json args = nlohmann::json::parse(o.args, nullptr, false);
    std::cerr << "graft: finishing interrupted operation #" << op_id << " (" << kind << ")\n";
    try {
      RecoverOne(kind, op_id, project_id, args);
    } catch (const std::exception& e) {
      // Never let one broken operation block every command: record it and
      // go on; the object keeps its state and last_error says why.
      std::cerr << "graft: could not finish operation #" << op_id << ": " << e.what() << "\n";
      store::EndOperation(*store_, op_id, "failed", std::string("recovery failed: ") + e.what(), /*only_running=*/true);
      if (project_id) store::SetLastError(*store_, project_id, std::string("recovery failed: ") + e.what());
    }
    unlink(o.lock_path.c_str());
  }
  RemoveAbandonedUploads();
}

// An upload writes its temp file in <instance>/storage/tmp under the
// instance's storage lock: when that lock is free, whatever is left there
// belongs to an upload that was killed.
void Engine::RemoveAbandonedUploads() {
  for (const auto& t : LoadTargets("ORDER BY p.id", {})) {
    std::string tmp = t.storage_dir + "/tmp";
    if (!os::IsDir(tmp) || os::ListDir(tmp).empty()) continue;
    auto lock = os::FileLock::TryAcquire(locks_dir() + "/storage-" + std::to_string(t.id) + ".lock");
    if (!lock) continue;
    for (const auto& f : os::ListDir(tmp)) os::RemoveAll(tmp + "/" + f);
  }
}

void Engine::RecoverOne(const std::string& kind, int64_t op_id, int64_t project_id, const nlohmann::json& args) {
  std::string id = std::to_string(op_id);
  auto finish = [&](const char* state, const std::string& note) {
    store::EndOperation(*store_, op_id, state, note);
  };
  if (kind == "project-create") {
    // Roll back: nothing of a half-created project survives.
    auto v = LoadTargets("WHERE p.id = ?", {std::to_string(project_id)});
    if (!v.empty()) RemoveInstance(v[0]);
    store_->Write([&] {
      store::DeleteProject(*store_, project_id);
      finish("rolled_back", "interrupted; rolled back");
    });
  } else if (kind == "project-delete") {
    // Roll forward: branches first, then the project.
    auto targets = LoadTargets("WHERE p.id = ? OR p.parent_id = ? ORDER BY p.parent_id IS NULL, p.id",
                               {std::to_string(project_id), std::to_string(project_id)});
    for (const auto& t : targets) {
      RemoveInstance(t);
      os::RemoveAll(home_ + "/snapshots/" + std::to_string(t.id));
    }
    store_->Write([&] {
      for (const auto& t : targets) {
        store::DeleteT0(*store_, t.id);
        if (t.is_branch()) store::DeleteProject(*store_, t.id);
      }
      store::DeleteProject(*store_, project_id);
      if (!targets.empty()) {
        std::string spec = targets.back().org + ":" + targets.back().project;
        store::ForgetProject(*store_, spec);
      }
      finish("done", "");
    });
  } else {
    RecoverBranchOp(kind, op_id, project_id, args);
  }
}

}  // namespace graft::engine
