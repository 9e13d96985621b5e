#include "cli/input.h"

#include "common/error.h"
#include "common/input.h"
#include "common/text.h"

namespace graft::cli {

std::string ReadInput(const std::string& what, const std::string& path, size_t max_bytes) {
  std::string text = ReadInputLimited(what, path, max_bytes);
  // Everything read here is text (SQL, source, a template, a secret): a
  // stray byte is bad input naming the file, not a database error later.
  if (auto bad = FirstInvalidUtf8(text)) {
    Fail(ErrorKind::kUsage,
         what + " " + (path == "-" ? std::string("(stdin)") : Quoted(path, 200)) + " is not valid UTF-8 (byte " +
             std::to_string(*bad + 1) + ")",
         "graft reads files as UTF-8 text");
  }
  return text;
}

std::string ReadSecret(const std::string& what, const std::string& path) {
  std::string s = ReadInput(what, path);
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "\r\n") == 0) s.resize(s.size() - 2);
  else if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace graft::cli
