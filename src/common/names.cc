#include "common/names.h"

#include "common/error.h"
#include "common/text.h"

namespace graft {

std::optional<std::string> CheckName(std::string_view name) {
  if (name.empty()) return std::string("name is empty");
  if (name.size() > 63) return "name is " + std::to_string(name.size()) + " bytes long";
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name[0])) return std::string("name must start with a lowercase letter or digit");
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (alnum(c) || c == '-') continue;
    if (c >= 'A' && c <= 'Z') return std::string("name has an uppercase letter");
    // The whole character (a multi-byte one too), escaped and quoted.
    size_t n = Utf8SequenceLength(name, i);
    return "name has the character " + Quoted(name.substr(i, n ? n : 1));
  }
  return std::nullopt;
}

void ValidateName(std::string_view what, std::string_view name) {
  if (auto why = CheckName(name)) {
    Fail(ErrorKind::kUsage, "invalid " + std::string(what) + " name " + Quoted(name) + ": " + *why,
         std::string(kNameRule));
  }
}

}  // namespace graft
