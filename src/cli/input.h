// graft/cli/input.h: reading what the user hands the CLI (files, stdin).
#pragma once

#include <string>

namespace graft::cli {

// What a path names: nothing (lstat fails), a directory (following links), or
// something else.
enum class PathKind { kMissing, kDirectory, kOther };
PathKind KindOf(const std::string& path);
// The bytes of a file; Error(kEnvironment) when it cannot be read.
std::string ReadBytes(const std::string& path);

// Reads FILE (or stdin for "-"); Error(kNotFound / kUsage) names the file,
// kEnvironment when it cannot be read.
std::string ReadInput(const std::string& what, const std::string& path);
// ReadInput for a one-line secret: one final newline (\n or \r\n) dropped.
std::string ReadSecret(const std::string& what, const std::string& path);

}  // namespace graft::cli
