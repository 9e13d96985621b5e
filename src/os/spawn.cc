#include "os/spawn.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "os/spawn.cc knows the kernel's struct sigaction of x86_64 and aarch64 only"
#endif

namespace graft::os {

namespace {

// The kernel's struct sigaction (not glibc's) on x86_64 and aarch64.
struct KernelSigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)();
  unsigned long mask;
};

struct ChildState {
  const SpawnPlan* plan;
  const sigset_t* mask;  // the parent's mask, restored before exec
  pid_t parent;          // the parent's pid
  volatile int err;      // set by the child when it fails before exec
};

constexpr size_t kChildStack = 64 * 1024;

// The child, on its own stack in the parent's memory while the parent's
// thread waits: raw system calls only, and no sanitizer instrumentation
// (it would poison and track this stack in the parent's shadow memory).
__attribute__((no_sanitize("address", "undefined"), noinline)) long Sys(long n, long a = 0, long b = 0,
                                                                         long c = 0, long d = 0) {
  return syscall(n, a, b, c, d);
}

[[noreturn]] __attribute__((no_sanitize("address", "undefined"), noinline)) void ChildFail(ChildState* s) {
  int e = errno;
  s->err = e ? e : EINVAL;
  Sys(SYS_exit_group, 127);
  __builtin_unreachable();
}

__attribute__((no_sanitize("address", "undefined"), noinline)) int MoveFd(int from, int to) {
  if (from == to) return static_cast<int>(Sys(SYS_fcntl, to, F_SETFD, 0));  // keep it over exec
  return static_cast<int>(Sys(SYS_dup3, from, to, 0));
}

__attribute__((no_sanitize("address", "undefined"), noinline)) int Child(void* arg) {
  auto* s = static_cast<ChildState*>(arg);
  const SpawnPlan& p = *s->plan;
  // Handlers are the parent's code: a signal arriving before exec must not
  // run one here. Ignored signals stay ignored (as over fork and exec),
  // except SIGPIPE, which the child gets at its default.
  for (int sig = 1; sig < _NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    KernelSigaction old{};
    if (Sys(SYS_rt_sigaction, sig, 0, reinterpret_cast<long>(&old), sizeof old.mask) != 0) continue;
    bool handled = old.handler != SIG_DFL && old.handler != SIG_IGN;
    if (handled || (sig == SIGPIPE && old.handler != SIG_DFL)) {
      KernelSigaction dfl{};
      dfl.handler = SIG_DFL;
      Sys(SYS_rt_sigaction, sig, reinterpret_cast<long>(&dfl), 0, sizeof dfl.mask);
    }
  }
  if (Sys(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(s->mask), 0, sizeof(unsigned long)) != 0) {
    ChildFail(s);
  }
  if (MoveFd(p.stdin_fd, 0) < 0) ChildFail(s);
  if (p.stdout_fd >= 0 && MoveFd(p.stdout_fd, 1) < 0) ChildFail(s);
  if (p.stderr_fd >= 0 && MoveFd(p.stderr_fd, 2) < 0) ChildFail(s);
  if (Sys(SYS_close_range, 3, ~0U, 0) != 0) {
    for (int fd = 3; fd < 4096; ++fd) Sys(SYS_close, fd);  // kernels before 5.9
  }
  if (p.drop) {
    if (Sys(SYS_setgroups, 0, 0) != 0 || Sys(SYS_setgid, p.gid) != 0 || Sys(SYS_setuid, p.uid) != 0) ChildFail(s);
  }
  // After the change of user, which clears it; a parent already gone
  // before it was set is caught by the getppid() check.
  if (p.die_with_parent) {
    if (Sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL) != 0) ChildFail(s);
    if (Sys(SYS_getppid) != s->parent) Sys(SYS_exit_group, 127);
  }
  if (p.cwd && Sys(SYS_chdir, reinterpret_cast<long>(p.cwd)) != 0) ChildFail(s);
  Sys(SYS_execve, reinterpret_cast<long>(p.exe), reinterpret_cast<long>(p.argv), reinterpret_cast<long>(p.envp));
  ChildFail(s);
}

}  // namespace

pid_t Spawn(const SpawnPlan& plan, int* child_errno) {
  *child_errno = 0;
  void* stack = mmap(nullptr, kChildStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    *child_errno = errno;
    return -1;
  }
  // Every signal blocked while the child shares this memory (it restores
  // the mask itself, after resetting the handlers).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  ChildState state{&plan, &old, getpid(), 0};
  pid_t pid = clone(Child, static_cast<char*>(stack) + kChildStack, CLONE_VM | CLONE_VFORK | SIGCHLD, &state);
  int clone_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  munmap(stack, kChildStack);
  if (pid < 0) {
    *child_errno = clone_errno;
    return -1;
  }
  if (state.err != 0) {  // it failed before exec and has exited
    *child_errno = state.err;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return -1;
  }
  return pid;
}

}  // namespace graft::os
