// graft/common/input.h: reading what a user hands graft (a file, or stdin
// for "-") with a size limit enforced while reading, so an endless input
// (/dev/zero, a pipe) ends in one error naming the limit instead of
// exhausting memory. The limits themselves are in common/limits.h.
#pragma once

#include <cstddef>
#include <string>

namespace graft {

// Error(kNotFound) when the file is missing, kUsage when it is a directory or
// larger than `max_bytes` (the message names the limit), kEnvironment when it
// cannot be read.
std::string ReadInputLimited(const std::string& what, const std::string& path, size_t max_bytes);

}  // namespace graft
