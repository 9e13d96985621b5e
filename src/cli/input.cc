#include "cli/input.h"

#include "common/input.h"

namespace graft::cli {

std::string ReadInput(const std::string& what, const std::string& path, size_t max_bytes) {
  return ReadInputLimited(what, path, max_bytes);
}

std::string ReadSecret(const std::string& what, const std::string& path) {
  std::string s = ReadInput(what, path);
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "\r\n") == 0) s.resize(s.size() - 2);
  else if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace graft::cli
