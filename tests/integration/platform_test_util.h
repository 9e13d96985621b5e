// Helpers of the platform integration tests (platform_*_test.cc): a project
// on a throwaway home, and a transcript of every command's output so a test
// can assert that no secret ever appeared in any of it.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "graft_home.h"

namespace graft::testing {

class PlatformProject {
 public:
  explicit PlatformProject(const std::string& name = "app") : name_(name) {
    auto r = home_.Run({"project", "create", name_});
    EXPECT_EQ(r.code, 0) << r.out << r.err;
  }
  ~PlatformProject() {
    auto r = home_.Run({"project", "delete", name_, "-y"});
    EXPECT_EQ(r.code, 0) << r.out << r.err;
  }

  GraftHome& home() { return home_; }
  const std::string& name() const { return name_; }

  // Runs graft with --project NAME (unless `target` is given), records its
  // output.
  Cmd Run(std::vector<std::string> args, const std::vector<std::string>& target = {},
          const std::string& stdin_data = "", const std::string& cwd = "") {
    if (target.empty()) {
      args.push_back("--project");
      args.push_back(name_);
    } else {
      args.insert(args.end(), target.begin(), target.end());
    }
    Cmd c;
    if (cwd.empty()) {
      c = home_.Run(args, {}, stdin_data);
    } else {
      std::vector<std::string> argv = {GRAFT_BINARY, "--home", home_.dir()};
      argv.insert(argv.end(), args.begin(), args.end());
      auto r = os::Run({.argv = argv, .cwd = cwd, .env = {{"GRAFT_PROJECT", ""}}, .stdin_data = stdin_data});
      c = {r.exit_code, r.signal, r.out, r.err};
    }
    transcript_ += c.out + c.err;
    return c;
  }
  std::string Ok(std::vector<std::string> args, const std::vector<std::string>& target = {}) {
    auto c = Run(args, target);
    EXPECT_EQ(c.code, 0) << GraftHome::Join(args) << "\nstdout: " << c.out << "\nstderr: " << c.err;
    return c.out;
  }
  nlohmann::json Json(std::vector<std::string> args, const std::vector<std::string>& target = {}) {
    args.push_back("--json");
    auto c = Run(args, target);
    EXPECT_EQ(c.code, 0) << GraftHome::Join(args) << "\n" << c.out << c.err;
    return c.json();
  }
  // Runs and expects exit code `code`; returns stderr (and the JSON error when --json).
  std::string Fails(std::vector<std::string> args, int code, const std::vector<std::string>& target = {}) {
    auto c = Run(args, target);
    EXPECT_EQ(c.code, code) << GraftHome::Join(args) << "\nstdout: " << c.out << "\nstderr: " << c.err;
    return c.err;
  }
  std::string Scalar(const std::string& sql, const std::vector<std::string>& target = {}) {
    auto v = home_.Scalar(sql, target.empty() ? std::vector<std::string>{"--project", name_} : target);
    return v;
  }
  const std::string& transcript() const { return transcript_; }

 private:
  GraftHome home_;
  std::string name_;
  std::string transcript_;
};

// A file under a fresh temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/graft-pt-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  ~TempDir() { os::RemoveAll(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    std::string p = dir_ + "/" + name;
    os::WriteFileAtomic(p, content);
    return p;
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

// Polls `done` until it holds or `timeout` passes; returns whether it held.
inline bool WaitFor(std::chrono::seconds timeout, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return done();
}

// Exit codes (src/common/error.cc).
inline int Code(ErrorKind k) { return ExitCode(k); }

}  // namespace graft::testing
