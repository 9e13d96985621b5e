#include "support/case_list.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace graft::testing {

namespace fs = std::filesystem;

namespace {

std::string TrimLine(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::vector<CaseSpec> ListCaseDirs(const std::string& root, const std::string& prefix) {
  std::vector<CaseSpec> specs;
  if (!fs::is_directory(root)) return specs;
  for (const auto& e : fs::directory_iterator(root)) {
    if (!e.is_directory()) continue;
    if (!fs::exists(e.path() / "a.sql") && !fs::exists(e.path() / "b.sql")) continue;
    specs.push_back({prefix + "/" + e.path().filename().string(), e.path().string()});
  }
  std::sort(specs.begin(), specs.end(), [](const CaseSpec& x, const CaseSpec& y) { return x.id < y.id; });
  return specs;
}

std::vector<CaseSpec> ListNestedCaseDirs(const std::string& root, const std::string& prefix) {
  std::vector<CaseSpec> specs;
  if (!fs::is_directory(root)) return specs;
  for (const auto& kind : fs::directory_iterator(root)) {
    if (!kind.is_directory()) continue;
    auto sub = ListCaseDirs(kind.path().string(), prefix + "/" + kind.path().filename().string());
    specs.insert(specs.end(), sub.begin(), sub.end());
  }
  std::sort(specs.begin(), specs.end(), [](const CaseSpec& x, const CaseSpec& y) { return x.id < y.id; });
  return specs;
}

const std::string* Exclusions::Find(const CaseSpec& spec) const {
  auto it = reasons.find(spec.DirectedId());
  if (it == reasons.end()) it = reasons.find(spec.id);
  return it == reasons.end() ? nullptr : &it->second;
}

std::vector<CaseSpec> BothDirections(const std::vector<CaseSpec>& specs) {
  std::vector<CaseSpec> out;
  for (const auto& s : specs) {
    out.push_back(s);
    out.push_back(s);
    out.back().reverse = true;
  }
  return out;
}

Exclusions LoadExclusions(const std::string& path) {
  Exclusions ex;
  std::ifstream in(path);
  if (!in) {
    ex.errors.push_back("cannot read " + path);
    return ex;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = TrimLine(line);
    if (t.empty() || t[0] == '#') continue;
    size_t colon = t.find(':');
    std::string id = colon == std::string::npos ? "" : TrimLine(t.substr(0, colon));
    std::string reason = colon == std::string::npos ? "" : TrimLine(t.substr(colon + 1));
    if (id.empty() || reason.empty() || id.find('/') == std::string::npos) {
      ex.errors.push_back(path + ":" + std::to_string(n) + ": expected 'suite/case: reason', got '" + t + "'");
      continue;
    }
    if (!ex.reasons.emplace(id, reason).second) {
      ex.errors.push_back(path + ":" + std::to_string(n) + ": duplicate entry for " + id);
    }
  }
  return ex;
}

std::string TestNameFor(const std::string& id, bool keep_kind) {
  std::string s = id;
  size_t slash = s.find('/');
  if (slash != std::string::npos) s = s.substr(slash + 1);  // drop the suite
  if (!keep_kind) {
    size_t last = s.rfind('/');
    if (last != std::string::npos) s = s.substr(last + 1);
  }
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
    else if (c == '/') out += "__";
    else out += '_';
  }
  return out;
}

}  // namespace graft::testing
