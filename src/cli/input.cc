#include "cli/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>

#include "common/error.h"

namespace graft::cli {

PathKind KindOf(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return PathKind::kMissing;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return PathKind::kDirectory;
  return PathKind::kOther;
}

std::string ReadBytes(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail(ErrorKind::kEnvironment, "cannot read " + path + ": " + strerror(errno));
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  int err = errno;
  close(fd);
  if (n < 0) Fail(ErrorKind::kEnvironment, "cannot read " + path + ": " + strerror(err));
  return out;
}

std::string ReadInput(const std::string& what, const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  switch (KindOf(path)) {
    case PathKind::kMissing: Fail(ErrorKind::kNotFound, what + " " + path + " not found");
    case PathKind::kDirectory: Fail(ErrorKind::kUsage, what + " " + path + " is a directory");
    case PathKind::kOther: break;
  }
  return ReadBytes(path);
}

std::string ReadSecret(const std::string& what, const std::string& path) {
  std::string s = ReadInput(what, path);
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "\r\n") == 0) s.resize(s.size() - 2);
  else if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace graft::cli
