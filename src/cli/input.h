// graft/cli/input.h: reading what the user hands the CLI (files, stdin).
#pragma once

#include <cstddef>
#include <string>

#include "common/limits.h"

namespace graft::cli {

// Reads FILE (or stdin for "-") with its size limit enforced while reading
// (common/input.h); Error(kNotFound / kUsage) names the file, kEnvironment
// when it cannot be read. The contents must be UTF-8 text (kUsage otherwise).
std::string ReadInput(const std::string& what, const std::string& path, size_t max_bytes = kMaxSmallInputBytes);
// ReadInput for a one-line secret: one final newline (\n or \r\n) dropped.
std::string ReadSecret(const std::string& what, const std::string& path);

}  // namespace graft::cli
