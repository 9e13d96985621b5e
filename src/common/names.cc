#include "common/names.h"

#include "common/error.h"

namespace graft {

std::optional<std::string> CheckName(std::string_view name) {
  if (name.empty()) return std::string("name is empty");
  if (name.size() > 63) return "name is " + std::to_string(name.size()) + " characters long";
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name[0])) return std::string("name must start with a lowercase letter or digit");
  for (char c : name) {
    if (!alnum(c) && c != '-') {
      if (c >= 'A' && c <= 'Z') return std::string("name has an uppercase letter");
      return std::string("name has the character '") + c + "'";
    }
  }
  return std::nullopt;
}

void ValidateName(std::string_view what, std::string_view name) {
  if (auto why = CheckName(name)) {
    Fail(ErrorKind::kUsage, "invalid " + std::string(what) + " name '" + std::string(name) + "': " + *why,
         std::string(kNameRule));
  }
}

}  // namespace graft
