// graft/cli/format.h: readable text output helpers.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace graft::cli {

// Prints an aligned table (psql style) to stdout; NULLs show as `null_text`.
void PrintTable(const std::vector<std::string>& columns, const std::vector<std::vector<std::optional<std::string>>>& rows,
                const std::string& null_text = "");
// Asks "prompt [y/N]" on a terminal. Without a terminal returns false.
bool Confirm(const std::string& prompt);

}  // namespace graft::cli
