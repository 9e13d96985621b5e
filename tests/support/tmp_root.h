// Where tests make their temporary homes and clusters: $GRAFT_TEST_TMPDIR, or
// /tmp. scripts/test.sh points it at a tmpfs when the machine has one with
// room: the tests' servers already run without fsync, and on tmpfs copying
// and removing data directories costs a fraction of what it costs on a
// journaling filesystem. The copy-on-write tests mount their own images.
#pragma once

#include <cstdlib>
#include <string>

namespace graft::testing {

inline std::string TestTmpRoot() {
  const char* e = std::getenv("GRAFT_TEST_TMPDIR");
  return e && *e ? std::string(e) : std::string("/tmp");
}

}  // namespace graft::testing
