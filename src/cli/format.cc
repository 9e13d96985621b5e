#include "cli/format.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace graft::cli {

namespace {
// Display width of UTF-8 text (code points; good enough for tables).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

void PrintTable(const std::vector<std::string>& columns, const std::vector<std::vector<std::optional<std::string>>>& rows,
                const std::string& null_text) {
  std::vector<size_t> w(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) w[c] = Width(columns[c]);
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], Width(r[c].value_or(null_text)));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c) out += " | ";
      out += cells[c];
      if (c + 1 < cells.size()) out += std::string(w[c] - Width(cells[c]), ' ');
    }
    std::cout << " " << out << "\n";
  };
  line(columns);
  std::string sep;
  for (size_t c = 0; c < w.size(); ++c) {
    if (c) sep += "-+-";
    sep += std::string(w[c], '-');
  }
  std::cout << "-" << sep << "-\n";
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (const auto& v : r) cells.push_back(v.value_or(null_text));
    line(cells);
  }
  std::cout << "(" << rows.size() << (rows.size() == 1 ? " row)\n" : " rows)\n");
}

bool Confirm(const std::string& prompt) {
  if (!isatty(0)) return false;
  std::cerr << prompt << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace graft::cli
