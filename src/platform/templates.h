// graft/platform/templates.h: email templates. Pure.
//
// A template has a subject and a body with placeholders written {{ name }}
// (spaces optional). Each template type allows a fixed set of placeholders;
// a template using any other is refused when it is set, so a typo never
// reaches a user's inbox.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace graft::platform {

struct TemplateType {
  std::string type;                       // "signup_confirmation"
  std::string description;
  std::vector<std::string> placeholders;  // allowed names
  std::string default_subject;
  std::string default_body;
};

// The standard types: signup_confirmation, password_reset, magic_link,
// invite, email_change.
const std::vector<TemplateType>& TemplateTypes();
// Throws Error(kUsage) listing the known types when `type` is unknown.
const TemplateType& FindTemplateType(std::string_view type);

// The placeholder names used in `text`, in order of first use. Throws
// Error(kUsage) naming `field` on an unterminated or empty placeholder.
std::vector<std::string> Placeholders(std::string_view field, std::string_view text);
// Throws Error(kUsage) naming the first placeholder of subject or body that
// `type` does not allow.
void ValidateTemplate(const TemplateType& type, std::string_view subject, std::string_view body);

// A sample value for each placeholder (used when render has no --var for it).
std::string SampleValue(std::string_view placeholder);
// Replaces every placeholder by vars[name] (or its sample value). Throws
// Error(kUsage) when `vars` names a placeholder the type does not allow.
std::string Render(const TemplateType& type, std::string_view text, const std::map<std::string, std::string>& vars);

}  // namespace graft::platform
