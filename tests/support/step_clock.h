// tests/support/step_clock.h: per-step costs of one conformance case, for
// finding where the runner's time goes.
//
// With GRAFT_CASE_TIMINGS=1 (off otherwise: then it does nothing), prints
// one line per case on stderr: each step's wall time, the CPU this process
// and the children it waited for (graft, psql, pg_dump) spent in it, and the
// server's (the postmaster and the backends it reaped: connections that
// ended). Not thread-safe: one clock per case, stepped from one thread.
#pragma once

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/error.h"
#include "os/files.h"
#include "support/pg_cluster.h"

namespace graft::testing {

class StepClock {
 public:
  StepClock(std::string id, const PgCluster& cluster) : id_(std::move(id)) {
    const char* v = getenv("GRAFT_CASE_TIMINGS");
    on_ = v && *v && *v != '0';
    if (!on_) return;
    try {
      std::string pid = os::ReadFile(cluster.dir() + "/data/postmaster.pid");
      stat_path_ = "/proc/" + pid.substr(0, pid.find('\n')) + "/stat";
    } catch (const Error&) {
    }
    Take(last_);
  }
  void Step(const char* name) {
    if (!on_) return;
    Sample now;
    Take(now);
    line_ += " " + std::string(name) + "=" + Ms(now.wall - last_.wall) + "/" + Ms(now.self - last_.self) + "/" +
             Ms(now.children - last_.children) + "/" + Ms(now.server - last_.server);
    last_ = now;
  }
  ~StepClock() {
    if (on_) std::cerr << "[ TIMINGS  ] " << id_ << " (ms wall/self/children/server cpu):" << line_ << "\n";
  }

 private:
  struct Sample {
    double wall = 0, self = 0, children = 0, server = 0;
  };
  static double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }
  void Take(Sample& s) const {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    s.wall = static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
    rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    s.self = Seconds(ru.ru_utime) + Seconds(ru.ru_stime);
    getrusage(RUSAGE_CHILDREN, &ru);
    s.children = Seconds(ru.ru_utime) + Seconds(ru.ru_stime);
    std::ifstream stat(stat_path_);
    std::string line;
    if (stat_path_.empty() || !std::getline(stat, line) || line.rfind(')') == std::string::npos) return;
    std::istringstream fields(line.substr(line.rfind(')') + 2));  // from field 3 (state) on
    std::string f;
    double ticks = 0;
    for (int i = 3; i <= 17 && fields >> f; ++i) {
      if (i >= 14) ticks += std::stod(f);  // utime, stime, cutime, cstime
    }
    s.server = ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  static std::string Ms(double seconds) { return std::to_string(static_cast<long>(seconds * 1000 + 0.5)); }
  std::string id_, line_, stat_path_;
  bool on_ = false;
  Sample last_;
};

}  // namespace graft::testing
