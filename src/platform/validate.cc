// Validation of platform values. Kept free of I/O so it can be unit tested.
#include "platform/validate.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "common/error.h"
#include "common/text.h"

namespace graft::platform {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

[[noreturn]] void Invalid(std::string_view field, const std::string& reason, std::string hint = "") {
  Fail(ErrorKind::kUsage, "invalid " + std::string(field) + ": " + reason, std::move(hint));
}

}  // namespace

std::optional<std::string> CheckHost(std::string_view host) {
  if (host.empty()) return "the host is empty";
  if (host.size() > 253) return "the host is longer than 253 characters";
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    std::string_view label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty()) return "the host has an empty label";
    if (label.size() > 63) return "a host label is longer than 63 characters";
    for (char c : label) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
        return std::string("the host has an invalid character '") + c + "'";
      }
    }
    if (label.front() == '-' || label.back() == '-') return "a host label starts or ends with '-'";
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return std::nullopt;
}

std::optional<std::string> CheckUrl(std::string_view url, bool allow_wildcards) {
  if (url.empty()) return "the URL is empty";
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return "the URL contains whitespace or a control character";
  }
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return "the URL has no scheme (expected http:// or https://)";
  std::string scheme = Lower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return "the URL scheme must be http or https, not " + scheme;
  std::string_view rest = url.substr(sep + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return "the URL must not contain credentials";
  std::string_view host = authority;
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    host = authority.substr(0, colon);
    if (!IsDigits(port) || port.size() > 5) return "the URL port is not a number";
    int p = std::stoi(std::string(port));
    if (p < 1 || p > 65535) return "the URL port is out of range 1-65535";
  }
  if (host.empty()) return "the URL has no host";
  std::string h(host);
  if (allow_wildcards) {
    std::replace(h.begin(), h.end(), '*', 'x');
  } else if (h.find('*') != std::string::npos) {
    return "the URL host must not contain '*'";
  }
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') return std::nullopt;  // IPv6 literal
  if (auto why = CheckHost(h)) return why;
  return std::nullopt;
}

void ValidateUrl(std::string_view field, std::string_view url, bool allow_wildcards) {
  if (auto why = CheckUrl(url, allow_wildcards)) Invalid(field, "" + Quoted(std::string(url)) + ": " + *why);
}

std::optional<std::string> CheckEmail(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return "expected one '@' between a local part and a domain";
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',') {
      return "the address contains a space, a control character or one of < > ,";
    }
  }
  std::string_view domain = email.substr(at + 1);
  if (domain.find('.') == std::string_view::npos) return "the domain has no '.'";
  if (auto why = CheckHost(domain)) return why;
  return std::nullopt;
}

bool ParseBool(std::string_view field, std::string_view text) {
  std::string t = Lower(text);
  if (t == "true" || t == "yes" || t == "on" || t == "1") return true;
  if (t == "false" || t == "no" || t == "off" || t == "0") return false;
  Invalid(field, "" + Quoted(std::string(text)) + " is not a boolean", "use true or false");
}

int64_t ParseInt(std::string_view field, std::string_view text, int64_t min, int64_t max) {
  int64_t v = 0;
  std::string_view t = text;
  bool neg = !t.empty() && t.front() == '-';
  if (!IsDigits(neg ? t.substr(1) : t)) Invalid(field, "" + Quoted(std::string(text)) + " is not an integer");
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || v < min || v > max) {
    Invalid(field, std::string(text) + " is out of range " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

int64_t ParseSize(std::string_view field, std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  std::string_view num = text.substr(0, i);
  std::string unit = Lower(text.substr(i));
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  static const std::map<std::string, int64_t> kUnits = {
      {"", 1}, {"b", 1}, {"k", 1024}, {"kb", 1024}, {"kib", 1024},
      {"m", 1024 * 1024}, {"mb", 1024 * 1024}, {"mib", 1024 * 1024},
      {"g", 1024LL * 1024 * 1024}, {"gb", 1024LL * 1024 * 1024}, {"gib", 1024LL * 1024 * 1024}};
  auto u = kUnits.find(unit);
  if (num.empty() || num.size() > 15 || u == kUnits.end()) {
    Invalid(field, "" + Quoted(std::string(text)) + " is not a size", "use a number of bytes, optionally with KB, MB or GB");
  }
  int64_t v = std::stoll(std::string(num)) * u->second;
  if (v <= 0) Invalid(field, "the size must be positive");
  return v;
}

std::optional<std::string> CheckResourceName(std::string_view name) {
  if (name.empty() || name.size() > 63) return std::string("names are ") + kResourceNameRule;
  if (!(std::islower(static_cast<unsigned char>(name[0])) || std::isdigit(static_cast<unsigned char>(name[0])))) {
    return std::string("names are ") + kResourceNameRule;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return std::string("names are ") + kResourceNameRule;
  }
  return std::nullopt;
}

void ValidateResourceName(std::string_view what, std::string_view name) {
  if (auto why = CheckResourceName(name)) {
    Fail(ErrorKind::kUsage, "invalid " + std::string(what) + " name " + Quoted(std::string(name)), *why);
  }
}

std::optional<std::string> CheckStorageKey(std::string_view key) {
  if (key.empty()) return "the key is empty";
  if (key.size() > 1024) return "the key is longer than 1024 bytes";
  if (key.front() == '/') return "the key starts with '/'";
  for (char c : key) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "the key contains a control character";
    if (c == '\\') return "the key contains a backslash";
  }
  size_t start = 0;
  while (true) {
    size_t slash = key.find('/', start);
    std::string_view seg = key.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg.empty()) return "the key has an empty path segment";
    if (seg == "." || seg == "..") return "the key has a '" + std::string(seg) + "' segment (path traversal)";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::nullopt;
}

std::pair<std::string, std::string> SplitObjectPath(std::string_view path) {
  auto slash = path.find('/');
  if (slash == std::string_view::npos) {
    Fail(ErrorKind::kUsage, "invalid object path " + Quoted(std::string(path)) + ": expected BUCKET/KEY");
  }
  std::string bucket(path.substr(0, slash));
  std::string key(path.substr(slash + 1));
  ValidateResourceName("bucket", bucket);
  if (auto why = CheckStorageKey(key)) {
    Fail(ErrorKind::kUsage, "invalid object key " + Quoted(key) + ": " + *why);
  }
  return {bucket, key};
}

std::optional<std::string> CheckMimePattern(std::string_view pattern) {
  auto slash = pattern.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == pattern.size()) {
    return "expected type/subtype or type/*";
  }
  auto token_ok = [](std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == '_';
    });
  };
  std::string_view type = pattern.substr(0, slash), sub = pattern.substr(slash + 1);
  if (!token_ok(type) || !(sub == "*" || token_ok(sub))) return "expected type/subtype or type/*";
  return std::nullopt;
}

std::vector<std::string> ParseMimeList(std::string_view field, std::string_view text) {
  std::vector<std::string> out;
  for (auto& p : SplitList(text)) {
    std::string m = Lower(p);
    if (auto why = CheckMimePattern(m)) Invalid(field, "" + Quoted(p) + ": " + *why);
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

bool MimeAllowed(const std::vector<std::string>& allowed, std::string_view mime) {
  if (allowed.empty()) return true;
  std::string m = Lower(mime);
  auto semi = m.find(';');
  if (semi != std::string::npos) m = m.substr(0, semi);
  while (!m.empty() && m.back() == ' ') m.pop_back();
  for (const auto& a : allowed) {
    if (a == m) return true;
    if (a.size() > 2 && a.substr(a.size() - 2) == "/*" && m.rfind(a.substr(0, a.size() - 1), 0) == 0) return true;
  }
  return false;
}

std::string GuessContentType(std::string_view filename) {
  static const std::map<std::string, std::string> kTypes = {
      {"txt", "text/plain"}, {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"},
      {"csv", "text/csv"}, {"md", "text/markdown"}, {"js", "text/javascript"}, {"mjs", "text/javascript"},
      {"ts", "text/typescript"}, {"json", "application/json"}, {"xml", "application/xml"},
      {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"gz", "application/gzip"},
      {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
      {"webp", "image/webp"}, {"svg", "image/svg+xml"}, {"ico", "image/x-icon"},
      {"mp3", "audio/mpeg"}, {"wav", "audio/wav"}, {"mp4", "video/mp4"}, {"webm", "video/webm"},
      {"wasm", "application/wasm"}};
  auto slash = filename.rfind('/');
  std::string_view base = slash == std::string_view::npos ? filename : filename.substr(slash + 1);
  auto dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "application/octet-stream";
  auto it = kTypes.find(Lower(base.substr(dot + 1)));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::pair<std::string, std::string> ParseAssignment(std::string_view field, std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    // Never echo the text: it may carry a secret.
    Invalid(field, "expected KEY=VALUE");
  }
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace graft::platform
