// graft/common/limits.h: the size limits of graft's inputs, declared once.
// Inputs are read with these limits enforced while reading
// (os::ReadInputLimited), so an endless input (/dev/zero, a pipe) ends in one
// error naming the limit instead of exhausting memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace graft {

inline constexpr size_t kMiB = 1024 * 1024;
// `graft sql -f FILE`: one file of SQL.
inline constexpr size_t kMaxSqlFileBytes = 256 * kMiB;
// `graft functions deploy -f FILE`: a function's source.
inline constexpr size_t kMaxFunctionSourceBytes = 10 * kMiB;
// Secrets, templates and other small inputs read from a file or stdin.
inline constexpr size_t kMaxSmallInputBytes = 1 * kMiB;
// One storage object (streamed, never held in memory whole).
inline constexpr uint64_t kMaxObjectBytes = 5ull * 1024 * kMiB;
// An object read into memory: `storage objects get --json` (base64 in the
// output) without a FILE.
inline constexpr size_t kMaxObjectInMemoryBytes = 64 * kMiB;
// `graft migrations apply`: one migration file.
inline constexpr size_t kMaxMigrationFileBytes = 256 * kMiB;

// "10 MiB", "256 MiB", "1 MiB", or bytes when not a whole MiB.
inline std::string LimitText(size_t bytes) {
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace graft
