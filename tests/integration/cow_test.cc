// The copy-on-write path of `graft branch create` / `reset`
// exercised for real: the graft home lives on a loop-mounted
// XFS (reflink=1) or btrfs image, and the tests check that graft clones
// extents (clone_method "reflink", shared extents on disk), that the data is
// right, that the cloned files are independent both ways after checkpoints and
// restarts, and that reset returns to T0. Where this machine cannot
// loop-mount (not root, no loop devices, no mkfs), the tests are skipped and
// say why. A last test checks that on a plain /tmp home graft reports the
// method its filesystem implies.
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "graft_home.h"

namespace graft::testing {

namespace {

// A sparse image file formatted with `fstype`, attached to a loop device and
// mounted under a fresh /tmp directory. The destructor always unmounts,
// detaches and removes what was set up, whatever failed in between.
class LoopMount {
 public:
  LoopMount() = default;
  LoopMount(const LoopMount&) = delete;
  LoopMount& operator=(const LoopMount&) = delete;
  ~LoopMount() { TearDown(); }

  // Returns an empty string on success, else why it could not be mounted.
  std::string Mount(const std::string& fstype, uint64_t size_mb) {
    if (geteuid() != 0) return "not running as root";
    if (access("/dev/loop-control", F_OK) != 0) return "no /dev/loop-control (no loop device support)";
    std::string mkfs = os::FindInPath("mkfs." + fstype);
    if (mkfs.empty()) mkfs = os::FindInPath("/usr/sbin/mkfs." + fstype);
    if (mkfs.empty() || access(mkfs.c_str(), X_OK) != 0) return "mkfs." + fstype + " not found";
    char tmpl[] = "/tmp/graft-cow-XXXXXX";
    char* d = mkdtemp(tmpl);
    if (!d) return "cannot create a temporary directory";
    dir_ = d;
    chmod(dir_.c_str(), 0755);  // postgres must traverse it
    image_ = dir_ + "/fs.img";
    mnt_ = dir_ + "/mnt";
    if (mkdir(mnt_.c_str(), 0755) != 0) return "cannot create the mount point";
    int fd = open(image_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot create the image file";
    bool sized = ftruncate(fd, static_cast<off_t>(size_mb) << 20) == 0;
    close(fd);
    if (!sized) return "cannot size the image file";
    std::vector<std::string> mkfs_argv = {mkfs};
    if (fstype == "xfs") mkfs_argv.insert(mkfs_argv.end(), {"-q", "-f", "-m", "reflink=1"});
    if (fstype == "btrfs") mkfs_argv.insert(mkfs_argv.end(), {"-q", "-f"});
    mkfs_argv.push_back(image_);
    auto r = os::Run({.argv = mkfs_argv});
    if (!r.ok()) return mkfs + " failed: " + Trim(r.err + r.out);
    r = os::Run({.argv = {"losetup", "--find", "--show", image_}});
    if (!r.ok()) return "losetup failed: " + Trim(r.err + r.out);
    device_ = Trim(r.out);
    r = os::Run({.argv = {"mount", "-t", fstype, device_, mnt_}});
    if (!r.ok()) return "mount failed: " + Trim(r.err + r.out);
    mounted_ = true;
    chmod(mnt_.c_str(), 0755);
    if (os::FsType(mnt_) != fstype) return "mounted, but the filesystem reports " + os::FsType(mnt_);
    return "";
  }

  const std::string& path() const { return mnt_; }
  const std::string& device() const { return device_; }

  void TearDown() {
    if (mounted_) {
      // A server that was just stopped may still hold files for a moment:
      // poll (bounded) until the unmount succeeds, then fall back to a lazy
      // unmount so the loop device is released when the last user goes.
      bool done = false;
      for (int i = 0; i < 100 && !done; ++i) {
        done = umount2(mnt_.c_str(), 0) == 0 || errno == EINVAL;
        if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (!done) {
        ADD_FAILURE() << "cannot unmount " << mnt_ << ": " << strerror(errno) << "; unmounting lazily";
        umount2(mnt_.c_str(), MNT_DETACH);
      }
      mounted_ = false;
    }
    if (!device_.empty()) {
      auto r = os::Run({.argv = {"losetup", "-d", device_}});
      EXPECT_TRUE(r.ok()) << "losetup -d " << device_ << ": " << r.err;
      device_.clear();
    }
    if (!dir_.empty()) {
      os::RemoveAll(dir_);
      dir_.clear();
    }
  }

 private:
  std::string dir_, image_, mnt_, device_;
  bool mounted_ = false;
};

// A graft home in a directory of our choosing (GraftHome always uses /tmp):
// the same config, stops its instances and removes itself on destruction.
class HomeIn {
 public:
  explicit HomeIn(const std::string& parent) {
    std::string tmpl_s = parent + "/home-XXXXXX";
    std::vector<char> tmpl(tmpl_s.begin(), tmpl_s.end());
    tmpl.push_back(0);
    if (!mkdtemp(tmpl.data())) abort();
    dir_ = tmpl.data();
    chmod(dir_.c_str(), 0755);
    int first = ports_.first();
    os::WriteFileAtomic(dir_ + "/config.json",
                        "{\"ports\": {\"first\": " + std::to_string(first) + ", \"last\": " + std::to_string(first + 39) +
                            "}, \"instance_settings\": {\"fsync\": \"off\", \"shared_buffers\": \"16MB\"}}");
  }
  ~HomeIn() {
    Run({"stop"});
    for (const auto& id : os::ListDir(dir_ + "/instances")) {
      std::string data = dir_ + "/instances/" + id + "/data";
      if (!os::Exists(data + "/postmaster.pid")) continue;
      pid_t pid = static_cast<pid_t>(atol(os::ReadFile(data + "/postmaster.pid").c_str()));
      if (!IsPostmasterOf(pid, data)) continue;
      kill(pid, SIGKILL);
      // Wait (bounded) for it to go so the filesystem can be unmounted.
      for (int i = 0; i < 100 && os::ProcessAlive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    os::RemoveAll(dir_);
  }
  HomeIn(const HomeIn&) = delete;
  HomeIn& operator=(const HomeIn&) = delete;

  const std::string& dir() const { return dir_; }

  Cmd Run(std::vector<std::string> args) const {
    std::vector<std::string> argv = {GRAFT_BINARY, "--home", dir_};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = os::Run({.argv = argv, .env = {{"GRAFT_PROJECT", ""}}});
    return {r.exit_code, r.signal, r.out, r.err};
  }
  std::string Ok(std::vector<std::string> args) const {
    auto r = Run(args);
    EXPECT_EQ(r.code, 0) << "graft " << GraftHome::Join(args) << "\nstdout: " << r.out << "\nstderr: " << r.err;
    return r.out;
  }
  nlohmann::json Json(std::vector<std::string> args) const {
    args.push_back("--json");
    auto r = Run(args);
    EXPECT_EQ(r.code, 0) << "graft " << GraftHome::Join(args) << "\n" << r.out << r.err;
    return r.json();
  }
  std::string Scalar(const std::string& sql, std::vector<std::string> target) const {
    std::vector<std::string> args = {"sql", "-c", sql, "--json"};
    args.insert(args.end(), target.begin(), target.end());
    auto r = Run(args);
    EXPECT_EQ(r.code, 0) << sql << "\n" << r.out << r.err;
    auto j = r.json();
    if (!j.contains("results") || j["results"].empty()) return "<no result>";
    const auto& res = j["results"].back();
    if (res["rows"].empty()) return "<no rows>";
    const auto& v = res["rows"][0][0];
    return v.is_null() ? "<null>" : v.get<std::string>();
  }

 private:
  PortLease ports_;
  std::string dir_;
};

// Whether some extent of `path` is shared with another file (FIEMAP).
// Returns nullopt when the filesystem cannot tell.
std::optional<bool> HasSharedExtent(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  constexpr unsigned kExtents = 256;
  std::vector<char> buf(sizeof(struct fiemap) + kExtents * sizeof(struct fiemap_extent));
  auto* fm = reinterpret_cast<struct fiemap*>(buf.data());
  fm->fm_start = 0;
  fm->fm_length = FIEMAP_MAX_OFFSET;
  fm->fm_flags = FIEMAP_FLAG_SYNC;
  fm->fm_extent_count = kExtents;
  int rc = ioctl(fd, FS_IOC_FIEMAP, fm);
  close(fd);
  if (rc != 0) return std::nullopt;
  for (unsigned i = 0; i < fm->fm_mapped_extents; ++i) {
    if (fm->fm_extents[i].fe_flags & FIEMAP_EXTENT_SHARED) return true;
  }
  return false;
}

const std::vector<std::string> kParent = {"--project", "app", "--branch", ""};
const std::vector<std::string> kBranch = {"--project", "app", "--branch", "feat"};
constexpr const char* kDigest = "SELECT md5(string_agg(id || ':' || v, ',' ORDER BY id)) FROM big";
constexpr int kRows = 200000;

// The whole copy-on-write scenario on a home in `parent_dir` (on `fstype`).
void ExerciseCow(const std::string& parent_dir, const std::string& fstype) {
  HomeIn h(parent_dir);
  ASSERT_EQ(os::FsType(h.dir()), fstype);
  h.Ok({"project", "create", "app"});
  // About 20 MB over a table, its index and a second table: several extents.
  h.Ok({"sql", "--project", "app", "-c",
        "CREATE TABLE big(id int PRIMARY KEY, v text NOT NULL);"
        "INSERT INTO big SELECT g, repeat(md5(g::text), 2) FROM generate_series(1, " + std::to_string(kRows) + ") g;"
        "CREATE INDEX big_v ON big(v);"
        "CREATE TABLE small(k text PRIMARY KEY); INSERT INTO small VALUES ('parent-t0');"
        "CHECKPOINT;"});
  std::string t0 = h.Scalar(kDigest, kParent);
  ASSERT_EQ(t0.size(), 32u) << t0;

  auto b = h.Json({"branch", "create", "feat", "--project", "app", "--no-switch"});
  ASSERT_EQ(b["state"], "ready") << b;
  EXPECT_EQ(b["clone_method"], "reflink") << "the home is on " << fstype << " but graft copied: " << b;
  auto list = h.Json({"branch", "list", "--project", "app"});
  ASSERT_EQ(list["branches"].size(), 1u) << list;
  EXPECT_EQ(list["branches"][0]["clone_method"], "reflink") << list;

  // The data is right, and on disk the branch's table file shares extents
  // with the parent's (a byte copy would share none).
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big", kBranch), std::to_string(kRows));
  EXPECT_EQ(h.Scalar(kDigest, kBranch), t0);
  EXPECT_EQ(h.Scalar("SELECT string_agg(k, ',') FROM small", kBranch), "parent-t0");
  std::string bdata = h.Scalar("SELECT current_setting('data_directory')", kBranch);
  std::string brel = h.Scalar("SELECT pg_relation_filepath('big')", kBranch);
  auto shared = HasSharedExtent(bdata + "/" + brel);
  ASSERT_TRUE(shared.has_value()) << "FIEMAP failed on " << bdata << "/" << brel;
  EXPECT_TRUE(*shared) << bdata << "/" << brel << " shares no extent: it was copied, not cloned";

  // Writes on either side, to the same (shared) blocks, checkpointed to the
  // files; then every instance restarts so reads come from the files.
  h.Ok({"sql", "--project", "app", "--branch", "feat", "-c",
        "UPDATE big SET v = 'branch' WHERE id <= 1000; INSERT INTO small VALUES ('branch-only');"
        "INSERT INTO big VALUES (" + std::to_string(kRows + 1) + ", 'branch-new'); CHECKPOINT;"});
  h.Ok({"sql", "--project", "app", "--branch", "", "-c",
        "UPDATE big SET v = 'parent' WHERE id BETWEEN 1001 AND 2000; DELETE FROM big WHERE id > " +
            std::to_string(kRows - 1000) + "; INSERT INTO small VALUES ('parent-only'); CHECKPOINT;"});
  h.Ok({"stop"});
  h.Ok({"start"});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big", kParent), std::to_string(kRows - 1000));
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big WHERE v = 'branch' OR v = 'branch-new'", kParent), "0");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big WHERE v = 'parent'", kParent), "1000");
  EXPECT_EQ(h.Scalar("SELECT string_agg(k, ',' ORDER BY k) FROM small", kParent), "parent-only,parent-t0");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big", kBranch), std::to_string(kRows + 1));
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big WHERE v = 'parent'", kBranch), "0");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big WHERE v = 'branch'", kBranch), "1000");
  EXPECT_EQ(h.Scalar("SELECT string_agg(k, ',' ORDER BY k) FROM small", kBranch), "branch-only,parent-t0");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big WHERE v = 'parent'", kParent), "1000");

  // Reset: back at T0 exactly, the parent untouched. Twice, with writes in
  // between, so the snapshot is shown to be independent of the branch too.
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE("reset round " + std::to_string(round));
    auto r = h.Json({"branch", "reset", "feat", "--project", "app", "-y"});
    EXPECT_EQ(r["state"], "ready") << r;
    EXPECT_EQ(r["url"], b["url"]);
    EXPECT_EQ(h.Scalar(kDigest, kBranch), t0);
    EXPECT_EQ(h.Scalar("SELECT string_agg(k, ',') FROM small", kBranch), "parent-t0");
    EXPECT_EQ(h.Scalar("SELECT count(*) FROM big", kParent), std::to_string(kRows - 1000));
    h.Ok({"sql", "--project", "app", "--branch", "feat", "-c",
          "UPDATE big SET v = 'after-reset' WHERE id % 7 = 0; TRUNCATE small; CHECKPOINT;"});
  }
  auto after = h.Json({"branch", "list", "--project", "app"});
  ASSERT_EQ(after["branches"].size(), 1u);
  EXPECT_EQ(after["branches"][0]["clone_method"], "reflink") << after;

  h.Ok({"branch", "delete", "feat", "--project", "app", "-y"});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM big WHERE v = 'parent'", kParent), "1000");
}

}  // namespace

TEST(Cow, XfsReflinkCreateIsolationAndReset) {
  LoopMount m;
  std::string why = m.Mount("xfs", 1024);
  if (!why.empty()) GTEST_SKIP() << "cannot loop-mount xfs here: " << why;
  std::cout << "[   INFO   ] xfs (reflink=1) image on " << m.device() << " mounted at " << m.path() << std::endl;
  ExerciseCow(m.path(), "xfs");
}

TEST(Cow, BtrfsReflinkCreateIsolationAndReset) {
  LoopMount m;
  std::string why = m.Mount("btrfs", 1024);
  if (!why.empty()) GTEST_SKIP() << "cannot loop-mount btrfs here: " << why;
  std::cout << "[   INFO   ] btrfs image on " << m.device() << " mounted at " << m.path() << std::endl;
  ExerciseCow(m.path(), "btrfs");
}

// On a plain /tmp home (ext4 or overlay on these machines) graft reports the
// method it really used: the branch's table file shares extents with the
// parent's exactly when it says "reflink" (read from the disk with FIEMAP,
// not derived from the filesystem's name).
TEST(Cow, PlainTmpHomeReportsTheMethodItUsed) {
  GraftHome h;
  std::cout << "[   INFO   ] " << h.dir() << " is on " << os::FsType(h.dir()) << std::endl;
  h.Ok({"project", "create", "app"});
  h.Ok({"sql", "--project", "app", "-c",
        "CREATE TABLE t(id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000); CHECKPOINT;"});
  auto b = h.Json({"branch", "create", "feat", "--project", "app", "--no-switch"});
  std::string bdata = h.Scalar("SELECT current_setting('data_directory')", {"--project", "app", "--branch", "feat"});
  std::string brel = h.Scalar("SELECT pg_relation_filepath('t')", {"--project", "app", "--branch", "feat"});
  auto shared = HasSharedExtent(bdata + "/" + brel);
  std::string expected = shared.value_or(false) ? "reflink" : "copy";
  EXPECT_EQ(b["clone_method"], expected) << bdata << "/" << brel << " shares "
                                         << (shared ? (*shared ? "extents" : "no extent") : "(FIEMAP cannot tell)")
                                         << ": " << b;
  auto list = h.Json({"branch", "list", "--project", "app"});
  ASSERT_EQ(list["branches"].size(), 1u) << list;
  EXPECT_EQ(list["branches"][0]["clone_method"], expected) << list;
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM t", {"--project", "app", "--branch", "feat"}), "1000");
  auto r = h.Json({"branch", "reset", "feat", "--project", "app", "-y"});
  EXPECT_EQ(r["state"], "ready") << r;
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM t", {"--project", "app", "--branch", "feat"}), "1000");
}

}  // namespace graft::testing
