// graft/os/files.h: filesystem helpers, file locks and ports.
// All functions throw Error(kEnvironment) with the path on failure unless
// documented otherwise. Thread-safe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace graft::os {

// Sets the process umask to 077 so that everything graft creates is private
// to its owner; call once at start. Files the user asked for (an output
// file, a new migration) get UserMode(), which applies the umask the user
// had before.
void UsePrivateUmask();
mode_t UserMode(mode_t base);

bool Exists(const std::string& path);
bool IsDir(const std::string& path);
// Creates `path` and missing parents with exactly `mode` (the umask does not
// apply); existing directories are left as they are.
void MakeDirs(const std::string& path, mode_t mode = 0700);
// Removes group and other permissions from `path` and everything under it
// (symlinks are neither followed nor changed). Entries that vanish meanwhile
// are skipped.
void RestrictToOwner(const std::string& path);
// Removes a file or a tree; missing paths are fine.
void RemoveAll(const std::string& path);

// Makes everything written to the filesystem holding `path` durable
// (syncfs(2)).
void SyncFilesystem(const std::string& path);
// Reads a whole file; with `follow_links` false a symbolic link is refused
// (O_NOFOLLOW) instead of read through.
std::string ReadFile(const std::string& path, bool follow_links = true);
// Reads `path` ("-": standard input) but never more than `max_bytes`: a
// longer input (/dev/zero, an endless pipe) throws Error(kUsage) "<what>
// <path> is larger than the limit of <N>" after reading at most max_bytes + 1
// bytes. A missing path throws kNotFound, a directory kUsage.
std::string ReadInputLimited(const std::string& what, const std::string& path, size_t max_bytes);
// Writes via a temporary file, fsync and rename: readers see old or new. The
// file gets exactly `mode`.
void WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode = 0600);
void Chown(const std::string& path, uid_t uid, gid_t gid, bool recursive);
// Total size in bytes of regular files under `path`.
uint64_t TreeSize(const std::string& path);
std::vector<std::string> ListDir(const std::string& path);  // names, sorted
// True when the user can traverse every directory on the way to `path`
// (including `path`) and, with `write`, write `path` itself.
bool UserCanReach(const std::string& path, uid_t uid, gid_t gid, bool write = true);
std::string Absolute(const std::string& path);

// How CopyTree copied: by cloning extents (reflink) or byte copies.
enum class CopyMethod { kReflink, kCopy };
struct CopyStats {
  CopyMethod method = CopyMethod::kCopy;
  uint64_t bytes = 0;
  uint64_t files = 0;
};
// Copies the tree `src` to `dst` (which must not exist), preserving modes,
// owners and symlinks. Clones file extents when the filesystem allows it
// (btrfs, XFS) and falls back to copy_file_range. Uses a few threads.
// `skip(relpath)` may exclude paths. On failure `dst` is removed.
CopyStats CopyTree(const std::string& src, const std::string& dst,
                   bool (*skip)(const std::string& rel) = nullptr);

// Copies one regular file (cloning when possible), keeping mode and owner.
void CopyFile(const std::string& src, const std::string& dst);

// Mirrors the tree `src` at `dst` (which must not exist) with hard links to
// the same files: for immutable files only (storage objects). Falls back to
// copies across filesystems.
void LinkTree(const std::string& src, const std::string& dst);

// Filesystem type name of the filesystem holding `path` ("btrfs", "xfs", "ext4", ...).
std::string FsType(const std::string& path);

// An exclusive advisory lock (flock) held for the object's lifetime. A lock
// dies with its process, so a lock that can be taken means its last owner
// is gone: this is how interrupted operations are detected.
class FileLock {
 public:
  // Returns nullopt when another process holds it.
  static std::optional<FileLock> TryAcquire(const std::string& path);
  // Waits up to `timeout_ms`; nullopt on timeout.
  static std::optional<FileLock> Acquire(const std::string& path, int timeout_ms);
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// True when nothing listens on 127.0.0.1:port (a bind succeeds).
bool PortFree(int port);

}  // namespace graft::os
