#include "platform/cron.h"

#include <array>
#include <cctype>
#include <vector>

#include "common/error.h"
#include "common/text.h"

namespace graft::platform {

namespace {

struct Field {
  const char* name;
  int min;
  int max;
  std::vector<const char*> names;  // names[i] stands for min + i (or index for dow)
};

const std::array<Field, 5>& Fields() {
  static const std::array<Field, 5> fields = {{
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day of month", 1, 31, {}},
      {"month", 1, 12, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
      {"day of week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
  }};
  return fields;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses one value of a field; returns the reason on failure.
std::optional<std::string> ParseValue(const Field& f, std::string_view text, int* out) {
  if (text.empty()) return std::string("an empty value in the ") + f.name + " field";
  if (std::isdigit(static_cast<unsigned char>(text[0]))) {
    int v = 0;
    for (char c : text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return Quoted(std::string(text)) + " is not a number in the " + f.name + " field";
      }
      v = v * 10 + (c - '0');
      if (v > 1000) break;
    }
    if (v < f.min || v > f.max) {
      return std::string(f.name) + " value " + std::string(text) + " is out of range " + std::to_string(f.min) +
             "-" + std::to_string(f.max);
    }
    *out = v;
    return std::nullopt;
  }
  std::string l = Lower(text);
  for (size_t i = 0; i < f.names.size(); ++i) {
    if (l == f.names[i]) {
      *out = f.min == 0 ? static_cast<int>(i) : f.min + static_cast<int>(i);
      return std::nullopt;
    }
  }
  if (f.names.empty()) return Quoted(std::string(text)) + " is not a number in the " + f.name + " field";
  return Quoted(std::string(text)) + " is not a valid " + f.name + " (use a number or a name like " +
         f.names[0] + ")";
}

std::optional<std::string> CheckItem(const Field& f, std::string_view item) {
  std::string_view range = item;
  auto slash = item.find('/');
  if (slash != std::string_view::npos) {
    range = item.substr(0, slash);
    std::string_view step = item.substr(slash + 1);
    if (step.empty()) return std::string("a step without a number in the ") + f.name + " field";
    int s = 0;
    for (char c : step) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return "step " + Quoted(std::string(step)) + " is not a number in the " + f.name + " field";
      }
      s = s * 10 + (c - '0');
      if (s > 1000) break;
    }
    if (s < 1 || s > f.max - f.min + 1) {
      return "step " + std::string(step) + " is out of range 1-" + std::to_string(f.max - f.min + 1) + " in the " +
             f.name + " field";
    }
    if (range != "*" && range.find('-') == std::string_view::npos) {
      return std::string("a step needs * or a range before it (\"") + std::string(item) + "\" in the " + f.name +
             " field)";
    }
  }
  if (range == "*") return std::nullopt;
  auto dash = range.find('-');
  int a = 0, b = 0;
  if (dash == std::string_view::npos) return ParseValue(f, range, &a);
  if (auto why = ParseValue(f, range.substr(0, dash), &a)) return why;
  if (auto why = ParseValue(f, range.substr(dash + 1), &b)) return why;
  if (a > b) return "range " + std::string(range) + " runs backwards in the " + f.name + " field";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CheckCron(std::string_view expr) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : expr) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else if (static_cast<unsigned char>(c) < 0x20) {
      return "the expression contains a control character";
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  if (parts.empty()) return "the expression is empty";
  if (parts[0][0] == '@') {
    static const char* kMacros[] = {"@yearly", "@annually", "@monthly", "@weekly",
                                    "@daily", "@midnight", "@hourly", "@reboot"};
    std::string m = Lower(parts[0]);
    for (const char* k : kMacros) {
      if (m == k) {
        if (parts.size() != 1) return "nothing may follow " + parts[0];
        return std::nullopt;
      }
    }
    return "unknown macro " + parts[0] + " (known: @yearly @annually @monthly @weekly @daily @midnight @hourly @reboot)";
  }
  if (parts.size() == 2 && (Lower(parts[1]) == "seconds" || Lower(parts[1]) == "second")) {
    return "intervals in seconds need pg_cron 1.5 or later; this instance runs pg_cron 1.4 (use a 5-field expression)";
  }
  if (parts.size() != 5) {
    return "expected 5 fields (minute hour day-of-month month day-of-week), got " + std::to_string(parts.size());
  }
  for (size_t i = 0; i < 5; ++i) {
    const Field& f = Fields()[i];
    const std::string& field = parts[i];
    size_t start = 0;
    while (true) {
      size_t comma = field.find(',', start);
      std::string_view item = std::string_view(field).substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (item.empty()) return std::string("an empty list item in the ") + f.name + " field";
      if (auto why = CheckItem(f, item)) return why;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return std::nullopt;
}

void ValidateCron(std::string_view expr) {
  if (auto why = CheckCron(expr)) {
    Fail(ErrorKind::kUsage, "invalid cron expression " + Quoted(std::string(expr)) + ": " + *why,
         "use 5 fields: minute hour day-of-month month day-of-week, for example \"*/5 * * * *\"");
  }
}

}  // namespace graft::platform
