#include "os/process.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "common/error.h"
#include "os/spawn.h"

extern char** environ;

namespace graft::os {

bool RunningAsRoot() { return geteuid() == 0; }

mode_t TraverseMode() { return ServerUser().uid == geteuid() ? 0700 : 0711; }

const User& ServerUser() {
  static User user;
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    const char* name = nullptr;
    struct passwd* pw = nullptr;
    if (RunningAsRoot()) {
      name = getenv("GRAFT_SERVER_USER");
      if (!name || !*name) name = "postgres";
      pw = getpwnam(name);
      if (!pw) {
        failure = std::string("graft runs as root and the unprivileged user '") + name +
                  "' that must run the Postgres servers does not exist";
        return;
      }
    } else {
      pw = getpwuid(geteuid());
      if (!pw) {
        failure = "the current user has no passwd entry";
        return;
      }
    }
    user.name = pw->pw_name;
    user.uid = pw->pw_uid;
    user.gid = pw->pw_gid;
    user.home = pw->pw_dir ? pw->pw_dir : "/";
  });
  if (!failure.empty()) {
    Fail(ErrorKind::kEnvironment, failure, "create it (useradd --system postgres) or set GRAFT_SERVER_USER");
  }
  return user;
}

std::string FindInPath(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return access(program.c_str(), X_OK) == 0 ? program : "";
  }
  const char* path = getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(start, end - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/" + program;
      struct stat st;
      if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
        return candidate;
      }
    }
    start = end + 1;
  }
  return "";
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0) return false;
  if (kill(pid, 0) != 0 && errno != EPERM) return false;
  // A zombie has exited: only its exit status is left for its parent.
  std::string stat_path = "/proc/" + std::to_string(pid) + "/stat";
  if (FILE* f = fopen(stat_path.c_str(), "r")) {
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char* close_paren = strrchr(buf, ')');
    if (close_paren && close_paren[1] == ' ' && close_paren[2] == 'Z') return false;
  }
  return true;
}

std::vector<pid_t> ProcessesIn(const std::string& dir, uid_t uid) {
  std::vector<pid_t> out;
  char* real = realpath(dir.c_str(), nullptr);
  if (!real) return out;
  std::string want = real;
  free(real);
  DIR* d = opendir("/proc");
  if (!d) return out;
  while (struct dirent* e = readdir(d)) {
    char* end = nullptr;
    long pid = strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0' || pid == getpid()) continue;
    std::string base = std::string("/proc/") + e->d_name;
    struct stat st {};
    if (stat(base.c_str(), &st) != 0 || st.st_uid != uid) continue;
    char link[4096];
    ssize_t n = readlink((base + "/cwd").c_str(), link, sizeof link - 1);
    if (n <= 0) continue;
    link[n] = 0;
    if (want == link) out.push_back(static_cast<pid_t>(pid));
  }
  closedir(d);
  return out;
}

void EndProcesses(const std::vector<pid_t>& pids, int timeout_ms) {
  auto all_gone = [&] {
    for (pid_t p : pids) {
      if (ProcessAlive(p)) return false;
    }
    return true;
  };
  for (pid_t p : pids) {
    kill(p, SIGQUIT);
    kill(p, SIGCONT);  // a stopped process handles its SIGQUIT once continued
  }
  for (int waited = 0; waited < timeout_ms && !all_gone(); waited += 20) usleep(20000);
  for (pid_t p : pids) {
    if (ProcessAlive(p)) kill(p, SIGKILL);
  }
  for (int waited = 0; waited < 10000 && !all_gone(); waited += 20) usleep(20000);
}

namespace {

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

RunResult Run(const RunOptions& options) {
  if (options.argv.empty()) Fail(ErrorKind::kInternal, "Run() called with an empty argv");
  std::string exe = FindInPath(options.argv[0]);
  if (exe.empty()) {
    Fail(ErrorKind::kEnvironment, "program '" + options.argv[0] + "' not found",
         "run scripts/setup.sh to install graft's dependencies");
  }

  // argv and envp are built here: the child (os/spawn.h) makes raw system calls only.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    if (options.env.count(key)) continue;
    if (options.as_user && (key == "HOME" || key == "USER" || key == "LOGNAME")) continue;
    env_strings.push_back(kv);
  }
  for (const auto& [k, v] : options.env) env_strings.push_back(k + "=" + v);
  if (options.as_user) {
    if (!options.env.count("HOME")) env_strings.push_back("HOME=" + options.as_user->home);
    env_strings.push_back("USER=" + options.as_user->name);
    env_strings.push_back("LOGNAME=" + options.as_user->name);
  }
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = options.argv;
  for (auto& s : argv_copy) argv.push_back(s.data());
  argv.push_back(nullptr);

  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipe2(in_pipe, O_CLOEXEC) != 0) Fail(ErrorKind::kInternal, std::string("pipe failed: ") + strerror(errno));
  if (options.capture) {
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
      Fail(ErrorKind::kInternal, std::string("pipe failed: ") + strerror(errno));
    }
  }
  int out_file = -1;
  if (!options.stdout_path.empty()) {
    out_file = open(options.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_file < 0) {
      Fail(ErrorKind::kEnvironment, "cannot write " + options.stdout_path + ": " + strerror(errno));
    }
  }
  SpawnPlan plan;
  plan.exe = exe.c_str();
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.stdin_fd = in_pipe[0];
  plan.stdout_fd = out_file >= 0 ? out_file : options.capture ? out_pipe[1] : -1;
  plan.stderr_fd = options.capture ? err_pipe[1] : -1;
  plan.drop = options.as_user && RunningAsRoot();
  plan.uid = plan.drop ? options.as_user->uid : 0;
  plan.gid = plan.drop ? options.as_user->gid : 0;
  plan.die_with_parent = options.die_with_parent;
  plan.cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();
  int exec_errno = 0;
  pid_t pid = Spawn(plan, &exec_errno);
  close(in_pipe[0]);
  if (out_file >= 0) close(out_file);
  if (options.capture) {
    close(out_pipe[1]);
    close(err_pipe[1]);
  }
  if (pid < 0) {
    close(in_pipe[1]);
    if (options.capture) {
      close(out_pipe[0]);
      close(err_pipe[0]);
    }
    Fail(ErrorKind::kEnvironment, "cannot run '" + exe + "': " + strerror(exec_errno));
  }

  RunResult result;
  // Feed stdin and drain stdout/stderr together so neither side blocks.
  size_t written = 0;
  int in_fd = in_pipe[1];
  if (options.stdin_data.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    SetNonBlocking(in_fd);
  }
  int out_fd = options.capture ? out_pipe[0] : -1;
  int err_fd = options.capture ? err_pipe[0] : -1;
  void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
  char buf[65536];
  while (in_fd >= 0 || out_fd >= 0 || err_fd >= 0) {
    struct pollfd fds[3];
    int n = 0;
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    if (out_fd >= 0) fds[n++] = {out_fd, POLLIN, 0};
    if (err_fd >= 0) fds[n++] = {err_fd, POLLIN, 0};
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      int fd = fds[i].fd;
      if (fd == in_fd) {
        ssize_t w = write(in_fd, options.stdin_data.data() + written, options.stdin_data.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) written = options.stdin_data.size();
        if (written >= options.stdin_data.size()) {
          close(in_fd);
          in_fd = -1;
        }
      } else {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r > 0) {
          (fd == out_fd ? result.out : result.err).append(buf, static_cast<size_t>(r));
        } else if (r == 0 || errno != EAGAIN) {
          close(fd);
          if (fd == out_fd) out_fd = -1;
          else err_fd = -1;
        }
      }
    }
  }
  signal(SIGPIPE, old_pipe);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace graft::os
