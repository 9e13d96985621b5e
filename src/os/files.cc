#include "os/files.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "common/limits.h"
#include "common/text.h"

namespace graft::os {

namespace {
[[noreturn]] void Sys(const std::string& what, const std::string& path) {
  Fail(ErrorKind::kEnvironment, what + " " + path + ": " + strerror(errno));
}
}  // namespace

namespace {
mode_t g_user_umask = 022;
}  // namespace

void UsePrivateUmask() { g_user_umask = umask(077); }

mode_t UserMode(mode_t base) { return base & ~g_user_umask; }

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

bool IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void MakeDirs(const std::string& path, mode_t mode) {
  if (path.empty() || IsDir(path)) return;
  auto slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) MakeDirs(path.substr(0, slash), mode);
  if (mkdir(path.c_str(), mode) != 0) {
    if (errno == EEXIST) return;
    Sys("cannot create directory", path);
  }
  if (chmod(path.c_str(), mode) != 0) Sys("cannot set the mode of", path);
}

void RestrictToOwner(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return;
  if ((st.st_mode & 077) != 0 && chmod(path.c_str(), st.st_mode & 07700) != 0 && errno != ENOENT) {
    Sys("cannot set the mode of", path);
  }
  if (!S_ISDIR(st.st_mode)) return;
  DIR* d = opendir(path.c_str());
  if (!d) return;
  while (struct dirent* e = readdir(d)) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    RestrictToOwner(path + "/" + e->d_name);
  }
  closedir(d);
}

void RemoveAll(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR* d = opendir(path.c_str());
    if (d) {
      while (struct dirent* e = readdir(d)) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        RemoveAll(path + "/" + e->d_name);
      }
      closedir(d);
    }
    if (rmdir(path.c_str()) != 0 && errno != ENOENT) Sys("cannot remove", path);
  } else if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    Sys("cannot remove", path);
  }
}

std::string ReadFile(const std::string& path, bool follow_links) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | (follow_links ? 0 : O_NOFOLLOW));
  if (fd < 0) Sys("cannot read", path);
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  if (n < 0) Sys("cannot read", path);
  return out;
}

void WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  unlink(tmp.c_str());  // a leftover of a killed writer with the same pid
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) Sys("cannot write", tmp);
  size_t off = 0;
  while (off < content.size()) {
    ssize_t w = write(fd, content.data() + off, content.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      close(fd);
      unlink(tmp.c_str());
      Sys("cannot write", tmp);
    }
    off += static_cast<size_t>(w);
  }
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp.c_str());
    Sys("cannot write", tmp);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    Sys("cannot rename into", path);
  }
}

void Chown(const std::string& path, uid_t uid, gid_t gid, bool recursive) {
  if (lchown(path.c_str(), uid, gid) != 0) Sys("cannot change owner of", path);
  if (!recursive || !IsDir(path)) return;
  DIR* d = opendir(path.c_str());
  if (!d) Sys("cannot open", path);
  while (struct dirent* e = readdir(d)) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    Chown(path + "/" + e->d_name, uid, gid, true);
  }
  closedir(d);
}

uint64_t TreeSize(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return 0;
  if (!S_ISDIR(st.st_mode)) return S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  uint64_t total = 0;
  for (const auto& name : ListDir(path)) total += TreeSize(path + "/" + name);
  return total;
}

std::vector<std::string> ListDir(const std::string& path) {
  std::vector<std::string> names;
  DIR* d = opendir(path.c_str());
  if (!d) return names;
  while (struct dirent* e = readdir(d)) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names.emplace_back(e->d_name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::string Absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) Sys("cannot read the working directory", ".");
  return std::string(buf) + "/" + path;
}

bool UserCanReach(const std::string& path, uid_t uid, gid_t gid, bool write) {
  // Walk from / to path checking the execute bit for that user.
  auto allowed = [&](const struct stat& st, mode_t owner_bit, mode_t group_bit, mode_t other_bit) {
    if (uid == 0) return true;
    if (st.st_uid == uid) return (st.st_mode & owner_bit) != 0;
    if (st.st_gid == gid) return (st.st_mode & group_bit) != 0;
    return (st.st_mode & other_bit) != 0;
  };
  std::string abs = Absolute(path);
  size_t pos = 0;
  while (true) {
    size_t next = abs.find('/', pos + 1);
    std::string prefix = next == std::string::npos ? abs : abs.substr(0, next);
    if (prefix.empty()) prefix = "/";
    struct stat st;
    if (stat(prefix.c_str(), &st) != 0) return false;
    if (!allowed(st, S_IXUSR, S_IXGRP, S_IXOTH)) return false;
    if (next == std::string::npos) return !write || allowed(st, S_IWUSR, S_IWGRP, S_IWOTH);
    pos = next;
  }
}

std::string FsType(const std::string& path) {
  struct statfs s;
  if (statfs(path.c_str(), &s) != 0) return "unknown";
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0x9123683EUL: return "btrfs";
    case 0x58465342UL: return "xfs";
    case 0xEF53UL: return "ext4";
    case 0x01021994UL: return "tmpfs";
    case 0x794c7630UL: return "overlayfs";
    default: return "other";
  }
}

namespace {

struct CopyJob {
  std::string src, dst;
  mode_t mode;
  uid_t uid;
  gid_t gid;
  off_t size;
};

// Copies one regular file; returns true when it was cloned.
bool CopyOneFile(const CopyJob& job, std::atomic<bool>* reflink_ok) {
  int in = open(job.src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    if (errno == ENOENT) return false;  // vanished during the copy (a live server's temp file)
    Sys("cannot read", job.src);
  }
  int out = open(job.dst.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, job.mode & 07777);
  if (out < 0) {
    close(in);
    Sys("cannot write", job.dst);
  }
  bool cloned = false;
  if (reflink_ok->load() && ioctl(out, FICLONE, in) == 0) {
    cloned = true;
  } else {
    if (reflink_ok->load()) reflink_ok->store(false);
    while (true) {
      ssize_t n = copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
      if (n > 0) continue;
      if (n == 0) break;
      if (errno == EINTR) continue;
      if (errno == EXDEV || errno == ENOSYS || errno == EINVAL) {
        char buf[1 << 16];
        ssize_t r;
        while ((r = read(in, buf, sizeof buf)) > 0) {
          if (write(out, buf, static_cast<size_t>(r)) != r) {
            close(in);
            close(out);
            Sys("cannot write", job.dst);
          }
        }
        break;
      }
      close(in);
      close(out);
      Sys("cannot copy to", job.dst);
    }
  }
  close(in);
  // Start writing the copy back now, without waiting: whoever makes it
  // durable later (the server's syncfs at start, SyncFilesystem) then finds
  // most of it already on disk instead of flushing it all at that moment.
  if (!cloned && job.size >= (1 << 20)) sync_file_range(out, 0, 0, SYNC_FILE_RANGE_WRITE);
  if (fchown(out, job.uid, job.gid) != 0 && geteuid() == 0) {
    close(out);
    Sys("cannot change owner of", job.dst);
  }
  fchmod(out, job.mode & 07777);
  close(out);
  return cloned;
}

void Walk(const std::string& src, const std::string& dst, const std::string& rel,
          bool (*skip)(const std::string&), std::vector<CopyJob>* jobs) {
  struct stat st;
  if (lstat(src.c_str(), &st) != 0) Sys("cannot read", src);
  if (mkdir(dst.c_str(), st.st_mode & 07777) != 0) Sys("cannot create directory", dst);
  if (geteuid() == 0 && lchown(dst.c_str(), st.st_uid, st.st_gid) != 0) Sys("cannot change owner of", dst);
  chmod(dst.c_str(), st.st_mode & 07777);
  for (const auto& name : ListDir(src)) {
    std::string r = rel.empty() ? name : rel + "/" + name;
    if (skip && skip(r)) continue;
    std::string s = src + "/" + name, d = dst + "/" + name;
    struct stat cst;
    if (lstat(s.c_str(), &cst) != 0) {
      if (errno == ENOENT) continue;
      Sys("cannot read", s);
    }
    if (S_ISDIR(cst.st_mode)) {
      Walk(s, d, r, skip, jobs);
    } else if (S_ISLNK(cst.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = readlink(s.c_str(), target, sizeof target - 1);
      if (n < 0) Sys("cannot read link", s);
      target[n] = 0;
      if (symlink(target, d.c_str()) != 0) Sys("cannot create link", d);
      if (geteuid() == 0) lchown(d.c_str(), cst.st_uid, cst.st_gid);
    } else if (S_ISREG(cst.st_mode)) {
      jobs->push_back({s, d, cst.st_mode, cst.st_uid, cst.st_gid, cst.st_size});
    }
  }
}

}  // namespace

CopyStats CopyTree(const std::string& src, const std::string& dst, bool (*skip)(const std::string&)) {
  if (Exists(dst)) Fail(ErrorKind::kInternal, "copy destination already exists: " + dst);
  CopyStats stats;
  try {
    std::vector<CopyJob> jobs;
    Walk(src, dst, "", skip, &jobs);
    // Biggest files first so the threads finish together.
    std::sort(jobs.begin(), jobs.end(), [](const CopyJob& a, const CopyJob& b) { return a.size > b.size; });
    std::atomic<size_t> next{0};
    std::atomic<bool> reflink_ok{true};
    std::atomic<uint64_t> cloned{0};
    std::mutex err_mu;
    std::string error;
    auto worker = [&] {
      while (true) {
        size_t i = next.fetch_add(1);
        if (i >= jobs.size()) return;
        try {
          if (CopyOneFile(jobs[i], &reflink_ok)) cloned.fetch_add(1);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> g(err_mu);
          if (error.empty()) error = e.what();
          next.store(jobs.size());
        }
      }
    };
    unsigned n = std::max(2u, std::min(4u, std::thread::hardware_concurrency()));
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    if (!error.empty()) Fail(ErrorKind::kEnvironment, error);
    for (const auto& j : jobs) stats.bytes += static_cast<uint64_t>(j.size);
    stats.files = jobs.size();
    stats.method = (cloned.load() > 0 && reflink_ok.load()) ? CopyMethod::kReflink : CopyMethod::kCopy;
  } catch (...) {
    RemoveAll(dst);
    throw;
  }
  return stats;
}

void CopyFile(const std::string& src, const std::string& dst) {
  struct stat st;
  if (stat(src.c_str(), &st) != 0) Sys("cannot read", src);
  std::atomic<bool> reflink{true};
  CopyOneFile({src, dst, st.st_mode, st.st_uid, st.st_gid, st.st_size}, &reflink);
}

void LinkTree(const std::string& src, const std::string& dst) {
  struct stat st;
  if (lstat(src.c_str(), &st) != 0) Sys("cannot read", src);
  if (S_ISDIR(st.st_mode)) {
    if (mkdir(dst.c_str(), st.st_mode & 07777) != 0) Sys("cannot create directory", dst);
    if (geteuid() == 0) lchown(dst.c_str(), st.st_uid, st.st_gid);
    for (const auto& name : ListDir(src)) LinkTree(src + "/" + name, dst + "/" + name);
  } else if (S_ISREG(st.st_mode)) {
    if (link(src.c_str(), dst.c_str()) != 0) {
      if (errno != EXDEV && errno != EPERM && errno != EMLINK) Sys("cannot link", dst);
      std::atomic<bool> reflink{true};
      CopyOneFile({src, dst, st.st_mode, st.st_uid, st.st_gid, st.st_size}, &reflink);
    }
  }
}

std::optional<FileLock> FileLock::TryAcquire(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) Sys("cannot open lock file", path);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return std::nullopt;
  }
  return FileLock(fd);
}

std::optional<FileLock> FileLock::Acquire(const std::string& path, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) Sys("cannot open lock file", path);
  // flock has no timeout; poll with a short back-off (this waits on another
  // process, not on time: the loop ends as soon as the lock is free).
  int delay_ms = 1;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      close(fd);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    delay_ms = std::min(delay_ms * 2, 50);
  }
  return FileLock(fd);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

void SyncFilesystem(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Sys("cannot open", path);
  int rc = syncfs(fd);
  int err = errno;
  close(fd);
  if (rc != 0) {
    errno = err;
    Sys("cannot sync the filesystem of", path);
  }
}

bool PortFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  // Like the server itself, ignore connections lingering in TIME_WAIT: only a
  // listener makes a port unusable.
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace graft::os
