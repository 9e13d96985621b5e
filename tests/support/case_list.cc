#include "support/case_list.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>

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

ShardChoice ParseShard(const std::string& value) {
  ShardChoice c;
  if (value.empty()) return c;
  size_t slash = value.find('/');
  auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      throw std::invalid_argument("GRAFT_CONFORMANCE_SHARD must be i/N (shard i from 0 of N), not '" + value + "'");
    }
    return std::stoi(s);
  };
  if (slash == std::string::npos) number("");
  c.index = number(value.substr(0, slash));
  c.count = number(value.substr(slash + 1));
  if (c.count < 1 || c.index >= c.count) number("");
  return c;
}

std::vector<int> AssignShards(const std::vector<CaseSpec>& cases, int count) {
  // The fixed part, in bytes of SQL: a small case's loads, introspections,
  // processes and dumps cost about as much as loading and reading 4 kB more.
  constexpr std::uintmax_t kFixedCost = 4096;
  std::vector<std::uintmax_t> cost(cases.size(), kFixedCost);
  for (size_t i = 0; i < cases.size(); ++i) {
    for (const char* f : {"/a.sql", "/b.sql"}) {
      std::error_code ec;
      std::uintmax_t size = fs::file_size(cases[i].dir + f, ec);
      if (!ec) cost[i] += size;
    }
  }
  std::vector<size_t> order(cases.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return cost[x] > cost[y]; });
  std::vector<int> shard(cases.size(), 0);
  std::vector<std::uintmax_t> load(static_cast<size_t>(std::max(count, 1)), 0);
  for (size_t i : order) {
    size_t least = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    shard[i] = static_cast<int>(least);
    load[least] += cost[i];
  }
  return shard;
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
