// graft/os/spawn.h: starting a child process without copying the parent's
// page tables (os/ internal; Run() in process.h is the public call).
//
// fork() copies the calling process's page tables, which costs milliseconds
// in a large process (a sanitized graft or test process maps gigabytes of
// shadow memory), and exec() then tears them down again. Spawn() starts the
// child with clone(CLONE_VM | CLONE_VFORK) instead, as posix_spawn does: the
// child runs on a stack of its own in the parent's memory, the calling thread
// waits until it has exec'd or failed, and the child makes only raw system
// calls (no library code that could take a lock or touch shared state).
// posix_spawn itself cannot drop to another user, which graft needs (servers
// run as `postgres` when graft runs as root).
#pragma once

#include <sys/types.h>

namespace graft::os {

struct SpawnPlan {
  const char* exe = nullptr;         // absolute path
  char* const* argv = nullptr;       // nullptr-terminated
  char* const* envp = nullptr;       // nullptr-terminated
  int stdin_fd = -1;                 // becomes fd 0
  int stdout_fd = -1;                // becomes fd 1; -1: inherited
  int stderr_fd = -1;                // becomes fd 2; -1: inherited
  bool drop = false;                 // setgroups(0), setgid(gid), setuid(uid) before exec
  uid_t uid = 0;
  gid_t gid = 0;
  bool die_with_parent = false;      // PR_SET_PDEATHSIG(SIGKILL), after the change of user
  const char* cwd = nullptr;         // chdir before exec; nullptr: inherited
};

// Starts the child: every descriptor above 2 closed, signals the parent
// handles reset to their default (SIGPIPE too), the parent's signal mask.
// Returns its pid, or -1 with `*child_errno` set when it could not be
// started or could not exec (it has then exited with 127 and been reaped).
pid_t Spawn(const SpawnPlan& plan, int* child_errno);

}  // namespace graft::os
