// A throwaway graft home for integration tests: runs the real graft binary
// against it and, on destruction, stops every instance it started and removes
// the directory. Each home gets its own port range so test processes running
// in parallel do not race for ports.
//
// A home starts seeded with graft's template cluster (<home>/templates/pg15),
// copied from one made once per build of the tests (SeedTemplate()), so a
// test pays for a copy instead of an initdb. GraftHome(config, kColdHome)
// starts without it, as a user's first `graft project create` does.
#pragma once

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "instance/instance.h"
#include "instance/roles.h"
#include "os/files.h"
#include "os/process.h"
#include "support/tmp_root.h"

namespace graft::testing {

struct Cmd {
  int code = -1;
  int signal = 0;
  std::string out, err;
  nlohmann::json json() const {
    auto j = nlohmann::json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << out << err;
    return j;
  }
};

inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Whether `pid` is the postmaster of `data_dir`. A stale postmaster.pid's pid
// may since belong to any process, another test's server or graft included:
// only that exact server may be signalled.
inline bool IsPostmasterOf(pid_t pid, const std::string& data_dir) {
  std::string path = "/proc/" + std::to_string(pid) + "/cmdline";
  if (pid <= 0 || !os::Exists(path)) return false;
  std::string cmdline = os::ReadFile(path);
  for (auto& c : cmdline) {
    if (c == '\0') c = ' ';
  }
  return cmdline.find("postgres -D " + data_dir + " ") != std::string::npos;
}

// A range of 40 ports leased for the life of a test home. Leases are flock'ed
// files under /tmp, so test processes running in parallel (ctest -j) never
// share a range whatever their pids. The ranges (20000..27999) and the
// harness clusters' ports (tests/support/pg_cluster.cc: 28000..32767) lie
// below the kernel's ephemeral range (32768..60999 by default), so a client
// connection's local port never holds one of them: a port a test asserts is
// free is free unless a server listens on it.
class PortLease {
 public:
  PortLease() {
    os::MakeDirs("/tmp/graft-it-ports", 0777);
    for (int attempt = 0; attempt < 2000 && !lock_; ++attempt) {
      int slot = static_cast<int>((static_cast<unsigned>(getpid()) + static_cast<unsigned>(attempt)) % 200);
      lock_ = os::FileLock::TryAcquire("/tmp/graft-it-ports/slot-" + std::to_string(slot));
      if (lock_) first_ = 20000 + slot * 40;
    }
    if (!lock_) abort();  // 200 homes alive at once: something leaks them
  }
  int first() const { return first_; }
  int last() const { return first_ + 39; }

 private:
  std::optional<os::FileLock> lock_;
  int first_ = 0;
};

// graft's template cluster, made by graft's own code (instance::
// EnsureTemplate) once per build of the test binary and kept next to it
// (<build>/it-template); remade when the test binary changes. Test processes
// running in parallel share it under a lock. Returns its data directory.
inline std::string SeedTemplate() {
  static const std::string data = [] {
    namespace fs = std::filesystem;
    std::string root = fs::path(GRAFT_BINARY).parent_path().string() + "/it-template";
    struct stat st {};
    if (stat("/proc/self/exe", &st) != 0) abort();
    std::string key = std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + " " +
                      std::to_string(st.st_size) + "\n";
    os::MakeDirs(root + ".locks", 0755);
    auto lock = os::FileLock::Acquire(root + ".locks/seed.lock", 600000);
    if (!lock) abort();
    std::string pg15 = root + "/templates/pg15";
    if (os::Exists(root + "/stamp") && os::ReadFile(root + "/stamp") == key && os::Exists(pg15 + "/PG_VERSION")) {
      return pg15;
    }
    os::RemoveAll(root);
    os::MakeDirs(root + "/templates", 0755);
    instance::EnsureTemplate(root + "/templates", root + ".locks");
    os::WriteFileAtomic(root + "/stamp", key);
    return pg15;
  }();
  return data;
}

// Tag for a home that starts without a template cluster.
struct ColdHome {};
inline constexpr ColdHome kColdHome{};

class GraftHome {
 public:
  explicit GraftHome(const std::string& config_extra = "") : GraftHome(config_extra, kColdHome) {
    os::MakeDirs(dir_ + "/templates", 0755);
    os::CopyTree(SeedTemplate(), dir_ + "/templates/pg15");
  }
  GraftHome(const std::string& config_extra, ColdHome) {
    std::string tmpl = TestTmpRoot() + "/graft-it-XXXXXX";
    char* d = mkdtemp(tmpl.data());
    if (!d) abort();
    dir_ = d;
    chmod(dir_.c_str(), 0755);
    first_port_ = ports_.first();
    std::string cfg = "{\"ports\": {\"first\": " + std::to_string(first_port_) + ", \"last\": " +
                      std::to_string(first_port_ + 39) +
                      "}" +
                      // Tests run servers without fsync unless they bring their own settings.
                      (config_extra.find("\"instance_settings\"") == std::string::npos
                           ? ", \"instance_settings\": {\"fsync\": \"off\", \"shared_buffers\": \"16MB\"}"
                           : "") +
                      (config_extra.empty() ? "" : ", " + config_extra) + "}";
    os::WriteFileAtomic(dir_ + "/config.json", cfg);
  }
  ~GraftHome() {
    Run({"stop"});
    // Belt and braces: any postmaster left under this home is stopped.
    for (const auto& id : os::ListDir(dir_ + "/instances")) {
      std::string data = dir_ + "/instances/" + id + "/data";
      if (os::Exists(data + "/postmaster.pid")) {
        pid_t pid = static_cast<pid_t>(atol(os::ReadFile(data + "/postmaster.pid").c_str()));
        if (IsPostmasterOf(pid, data)) kill(pid, SIGKILL);
      }
    }
    os::RemoveAll(dir_);
  }
  GraftHome(const GraftHome&) = delete;
  GraftHome& operator=(const GraftHome&) = delete;

  const std::string& dir() const { return dir_; }
  int first_port() const { return first_port_; }

  Cmd Run(std::vector<std::string> args, std::map<std::string, std::string> env = {},
          const std::string& stdin_data = "") const {
    std::vector<std::string> argv = {GRAFT_BINARY, "--home", dir_};
    argv.insert(argv.end(), args.begin(), args.end());
    env.emplace("GRAFT_PROJECT", "");
    auto r = os::Run({.argv = argv, .env = env, .stdin_data = stdin_data});
    return {r.exit_code, r.signal, r.out, r.err};
  }
  // Runs and asserts success; returns stdout.
  std::string Ok(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    auto r = Run(args, env);
    EXPECT_EQ(r.code, 0) << "graft " << Join(args) << "\nstdout: " << r.out << "\nstderr: " << r.err;
    return r.out;
  }
  nlohmann::json Json(std::vector<std::string> args) const {
    args.push_back("--json");
    auto r = Run(args);
    EXPECT_EQ(r.code, 0) << "graft " << Join(args) << "\n" << r.out << r.err;
    return r.json();
  }
  // One value from `graft sql -c` (first column of the first row).
  std::string Scalar(const std::string& sql, std::vector<std::string> target = {}) const {
    std::vector<std::string> args = {"sql", "-c", sql, "--json"};
    args.insert(args.end(), target.begin(), target.end());
    auto r = Run(args);
    EXPECT_EQ(r.code, 0) << sql << "\n" << r.out << r.err;
    auto j = r.json();
    const auto& res = j["results"].back();
    if (res["rows"].empty()) return "<no rows>";
    const auto& v = res["rows"][0][0];
    return v.is_null() ? "<null>" : v.get<std::string>();
  }
  // graft's own connection (graft_admin over the unix socket) to a target's
  // instance, for tests that set up platform state directly: URLs and
  // `graft sql` carry the user role, which only reads the platform schemas.
  pg::Conn Admin(std::vector<std::string> target) const {
    std::vector<std::string> args = {"url"};
    args.insert(args.end(), target.begin(), target.end());
    std::string url = Json(args)["url"].get<std::string>();
    auto colon = url.rfind(':');
    int port = std::stoi(url.substr(colon + 1, url.find('/', colon) - colon - 1));
    return instance::ConnectAdmin(dir_ + "/run", port);
  }
  static std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& a : v) s += (s.empty() ? "" : " ") + a;
    return s;
  }

 private:
  PortLease ports_;
  std::string dir_;
  int first_port_ = 0;
};

}  // namespace graft::testing
