#include "common/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "common/limits.h"
#include "common/text.h"

namespace graft {

std::string ReadInputLimited(const std::string& what, const std::string& path, size_t max_bytes) {
  int fd = 0;
  if (path != "-") {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) Fail(ErrorKind::kNotFound, what + " " + Quoted(path) + " not found");
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) Fail(ErrorKind::kUsage, what + " " + Quoted(path) + " is a directory", "name a file");
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) Fail(ErrorKind::kEnvironment, "cannot read " + Quoted(path) + ": " + strerror(errno));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    size_t want = std::min(sizeof buf, max_bytes + 1 - out.size());
    ssize_t n = read(fd, buf, want);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (fd != 0) close(fd);
      if (n < 0) Fail(ErrorKind::kEnvironment, "cannot read " + Quoted(path) + ": " + strerror(errno));
      return out;
    }
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      if (fd != 0) close(fd);
      Fail(ErrorKind::kUsage,
           what + " " + (path == "-" ? std::string("on standard input") : Quoted(path)) +
               " is larger than the limit of " + LimitText(max_bytes),
           "");
    }
  }
}

}  // namespace graft
