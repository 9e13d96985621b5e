#include "platform/templates.h"

#include <algorithm>

#include "common/error.h"
#include "common/text.h"

namespace graft::platform {

namespace {

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

bool NameOk(const std::string& n) {
  return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Calls on_text(text) and on_placeholder(name) over `text` in order.
template <typename T, typename P>
void Scan(std::string_view field, std::string_view text, T on_text, P on_placeholder) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      on_text(text.substr(pos));
      return;
    }
    on_text(text.substr(pos, open - pos));
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      Fail(ErrorKind::kUsage, "invalid " + std::string(field) + ": unterminated placeholder at character " +
                                  std::to_string(open + 1),
           "write placeholders as {{ name }}");
    }
    std::string name = Trim(text.substr(open + 2, close - open - 2));
    if (!NameOk(name)) {
      Fail(ErrorKind::kUsage, "invalid " + std::string(field) + ": placeholder \"{{" +
                                  std::string(text.substr(open + 2, close - open - 2)) + "}}\" is not a name",
           "placeholder names are lowercase letters, digits and '_'");
    }
    on_placeholder(name);
    pos = close + 2;
  }
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

const std::vector<TemplateType>& TemplateTypes() {
  static const std::vector<TemplateType> types = {
      {"signup_confirmation", "sent to confirm a new account's email address",
       {"site_url", "email", "confirmation_url", "token", "redirect_to"},
       "Confirm your signup",
       "<h2>Confirm your signup</h2>\n<p>Follow this link to confirm {{ email }}:</p>\n"
       "<p><a href=\"{{ confirmation_url }}\">Confirm your email</a></p>\n"},
      {"password_reset", "sent when a user asks to reset their password",
       {"site_url", "email", "confirmation_url", "token", "redirect_to"},
       "Reset your password",
       "<h2>Reset your password</h2>\n<p>Follow this link to reset the password of {{ email }}:</p>\n"
       "<p><a href=\"{{ confirmation_url }}\">Reset password</a></p>\n"},
      {"magic_link", "a one-time sign-in link",
       {"site_url", "email", "confirmation_url", "token", "redirect_to"},
       "Your sign-in link",
       "<h2>Sign in</h2>\n<p><a href=\"{{ confirmation_url }}\">Sign in to {{ site_url }}</a></p>\n"
       "<p>Or use the code {{ token }}</p>\n"},
      {"invite", "sent when a user is invited",
       {"site_url", "email", "confirmation_url", "token", "redirect_to", "inviter_email"},
       "You have been invited",
       "<h2>You have been invited</h2>\n<p>You have been invited to {{ site_url }}.</p>\n"
       "<p><a href=\"{{ confirmation_url }}\">Accept the invite</a></p>\n"},
      {"email_change", "sent to confirm a change of email address",
       {"site_url", "email", "new_email", "confirmation_url", "token", "redirect_to"},
       "Confirm your new email address",
       "<h2>Confirm the change of email</h2>\n<p>Follow this link to change {{ email }} to {{ new_email }}:</p>\n"
       "<p><a href=\"{{ confirmation_url }}\">Change email</a></p>\n"},
  };
  return types;
}

const TemplateType& FindTemplateType(std::string_view type) {
  std::vector<std::string> names;
  for (const auto& t : TemplateTypes()) {
    if (t.type == type) return t;
    names.push_back(t.type);
  }
  Fail(ErrorKind::kUsage, "unknown email template type " + Quoted(std::string(type)), "known types: " + Join(names));
}

std::vector<std::string> Placeholders(std::string_view field, std::string_view text) {
  std::vector<std::string> out;
  Scan(field, text, [](std::string_view) {}, [&](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  });
  return out;
}

void ValidateTemplate(const TemplateType& type, std::string_view subject, std::string_view body) {
  if (subject.empty()) Fail(ErrorKind::kUsage, "invalid subject of email template " + type.type + ": it is empty");
  if (subject.find('\n') != std::string_view::npos) {
    Fail(ErrorKind::kUsage, "invalid subject of email template " + type.type + ": it spans several lines");
  }
  if (body.empty()) Fail(ErrorKind::kUsage, "invalid body of email template " + type.type + ": it is empty");
  for (auto [field, text] : {std::pair{"subject", subject}, std::pair{"body", body}}) {
    for (const auto& p : Placeholders(field, text)) {
      if (std::find(type.placeholders.begin(), type.placeholders.end(), p) == type.placeholders.end()) {
        Fail(ErrorKind::kUsage,
             "unknown placeholder {{ " + p + " }} in the " + field + " of email template " + type.type,
             "allowed placeholders: " + Join(type.placeholders));
      }
    }
  }
}

std::string SampleValue(std::string_view placeholder) {
  if (placeholder == "site_url") return "http://localhost:3000";
  if (placeholder == "email") return "user@example.com";
  if (placeholder == "new_email") return "new@example.com";
  if (placeholder == "inviter_email") return "admin@example.com";
  if (placeholder == "confirmation_url") return "http://localhost:3000/auth/v1/verify?token=123456";
  if (placeholder == "token") return "123456";
  if (placeholder == "redirect_to") return "http://localhost:3000/welcome";
  return "";
}

std::string Render(const TemplateType& type, std::string_view text, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    if (std::find(type.placeholders.begin(), type.placeholders.end(), k) == type.placeholders.end()) {
      Fail(ErrorKind::kUsage, "unknown placeholder " + k + " for email template " + type.type,
           "allowed placeholders: " + Join(type.placeholders));
    }
  }
  std::string out;
  Scan("template", text, [&](std::string_view t) { out += t; }, [&](const std::string& n) {
    auto it = vars.find(n);
    out += it != vars.end() ? it->second : SampleValue(n);
  });
  return out;
}

}  // namespace graft::platform
