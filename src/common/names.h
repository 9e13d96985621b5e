// graft/common/names.h: validation of user-chosen names (projects, branches,
// orgs). Pure; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graft {

// The rule every project, branch and org name follows.
inline constexpr const char* kNameRule =
    "names are 1 to 63 characters of lowercase letters, digits and '-', starting with a letter or digit";

// Returns std::nullopt when `name` is valid, otherwise the reason.
std::optional<std::string> CheckName(std::string_view name);

// Throws Error(kUsage) naming `what` ("project", "branch") when invalid.
void ValidateName(std::string_view what, std::string_view name);

}  // namespace graft
