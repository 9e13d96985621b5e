// os::Run through os::Spawn (clone with CLONE_VM | CLONE_VFORK): what the
// child gets and does not get from the parent.
#include "os/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "os/files.h"

namespace graft::os {
namespace {

RunResult Sh(const std::string& script, const std::string& stdin_data = "") {
  RunOptions o;
  o.argv = {"/bin/sh", "-c", script};
  o.stdin_data = stdin_data;
  return os::Run(o);
}

TEST(OsRun, CapturesOutputFeedsStdinAndReportsTheExitCode) {
  RunResult r = Sh("cat; echo err >&2; exit 3", "in");
  EXPECT_EQ(r.out, "in");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(r.exit_code, 3);
  // More than a pipe holds, both ways at once.
  std::string big(1 << 20, 'x');
  RunResult cat = Sh("cat", big);
  EXPECT_EQ(cat.out.size(), big.size());
  EXPECT_TRUE(cat.ok());
}

TEST(OsRun, TheChildHoldsNoDescriptorOfTheParentAboveTwo) {
  int fd = open("/dev/null", O_RDONLY);  // inheritable: no O_CLOEXEC
  ASSERT_GE(fd, 3);
  RunResult r = Sh("ls /proc/self/fd");  // ls's own directory handle is its 3
  close(fd);
  EXPECT_EQ(r.out, "0\n1\n2\n3\n") << r.err;
}

TEST(OsRun, SignalsStartAtTheirDefaultsAndTheMaskIsTheParents) {
  // The parent ignores SIGPIPE: the child gets it at its default, and dies of it.
  void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
  RunResult piped = Sh("kill -PIPE $$; echo survived");
  signal(SIGPIPE, old_pipe);
  EXPECT_EQ(piped.signal, SIGPIPE) << piped.out;
  // A signal the parent ignores (other than SIGPIPE) stays ignored, as over fork and exec.
  void (*old_usr2)(int) = signal(SIGUSR2, SIG_IGN);
  RunResult ignored = Sh("kill -USR2 $$; echo survived");
  signal(SIGUSR2, old_usr2);
  EXPECT_EQ(ignored.out, "survived\n");
  // The parent's blocked signals stay blocked in the child (its mask is the parent's).
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  RunOptions status;
  status.argv = {"grep", "SigBlk", "/proc/self/status"};  // not through sh, which sets its own mask
  RunResult masked = os::Run(status);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  // SIGUSR1 is signal 10: bit 9 of the mask.
  ASSERT_NE(masked.out.find("SigBlk:"), std::string::npos);
  unsigned long long blk = std::strtoull(masked.out.substr(masked.out.find(':') + 1).c_str(), nullptr, 16);
  EXPECT_TRUE(blk & (1ULL << (SIGUSR1 - 1))) << masked.out;
  EXPECT_FALSE(blk & (1ULL << (SIGTERM - 1))) << masked.out;
}

TEST(OsRun, CwdAndEnvironment) {
  RunOptions o;
  o.argv = {"/bin/sh", "-c", "pwd; echo $GRAFT_PROCESS_TEST"};
  o.cwd = "/";
  o.env = {{"GRAFT_PROCESS_TEST", "v"}};
  EXPECT_EQ(os::Run(o).out, "/\nv\n");
  o.cwd = "/no/such/dir";
  EXPECT_THROW(os::Run(o), Error);
}

TEST(OsRun, AProgramThatCannotBeExecutedIsAnErrorNotAnExitCode) {
  char tmpl[] = "/tmp/graft-process-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string dir = tmpl;
  std::string script = dir + "/not-a-program";
  WriteFileAtomic(script, "\x7f" "ELF garbage", 0755);
  RunOptions o;
  o.argv = {script};
  try {
    os::Run(o);
    ADD_FAILURE() << "ran a file that is not a program";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot run"), std::string::npos) << e.what();
  }
  RemoveAll(dir);
  o.argv = {"graft-no-such-program"};
  EXPECT_THROW(os::Run(o), Error);
}

TEST(OsRun, ManyAtOnceFromThreads) {
  // Spawn's child shares the parent's memory: concurrent starts from
  // several threads must not step on each other.
  std::vector<std::thread> threads;
  std::vector<std::string> outs(8);
  for (size_t i = 0; i < outs.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 20; ++k) outs[i] += Sh("echo " + std::to_string(i)).out;
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < outs.size(); ++i) {
    std::string want;
    for (int k = 0; k < 20; ++k) want += std::to_string(i) + "\n";
    EXPECT_EQ(outs[i], want);
  }
}

}  // namespace
}  // namespace graft::os
