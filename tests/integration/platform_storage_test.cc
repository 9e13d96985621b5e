// graft storage buckets|objects on a real instance.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>

#include "common/crypto.h"
#include "platform_test_util.h"

namespace graft::testing {

namespace {

std::string ObjectsDir(PlatformProject& p) {
  auto dirs = os::ListDir(p.home().dir() + "/instances");
  EXPECT_EQ(dirs.size(), 1u);
  return p.home().dir() + "/instances/" + dirs.at(0) + "/storage/objects";
}

}  // namespace

TEST(PlatformStorage, BucketsLifecycleAndValidation) {
  PlatformProject p;
  auto b = p.Json({"storage", "buckets", "create", "avatars", "--public", "--max-size", "1KB", "--mime", "image/*,text/plain"});
  EXPECT_EQ(b["bucket"]["name"], "avatars");
  EXPECT_EQ(b["bucket"]["public"], true);
  EXPECT_EQ(b["bucket"]["max_size"], 1024);
  EXPECT_EQ(b["bucket"]["allowed_mime"], (nlohmann::json{"image/*", "text/plain"}));
  p.Ok({"storage", "buckets", "create", "docs"});
  auto list = p.Json({"storage", "buckets", "list"});
  ASSERT_EQ(list["buckets"].size(), 2u);
  EXPECT_EQ(list["buckets"][0]["name"], "avatars");
  EXPECT_EQ(list["buckets"][1]["public"], false);

  p.Fails({"storage", "buckets", "create", "avatars"}, 5);
  p.Fails({"storage", "buckets", "create", "Bad_Bucket"}, 3);
  p.Fails({"storage", "buckets", "create", "x", "--max-size", "lots"}, 3);
  p.Fails({"storage", "buckets", "create", "y", "--mime", "image"}, 3);
  p.Fails({"storage", "buckets", "update", "nope", "--public"}, 4);
  p.Fails({"storage", "buckets", "update", "docs"}, 3);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM storage.buckets"), "2");

  auto u = p.Json({"storage", "buckets", "update", "avatars", "--private", "--max-size", "none", "--mime", ""});
  EXPECT_EQ(u["bucket"]["public"], false);
  EXPECT_TRUE(u["bucket"]["max_size"].is_null());
  EXPECT_EQ(u["bucket"]["allowed_mime"], nlohmann::json::array());

  p.Ok({"storage", "buckets", "delete", "docs"});
  p.Fails({"storage", "buckets", "delete", "docs"}, 4);
  EXPECT_EQ(p.Json({"storage", "buckets", "get", "avatars"})["bucket"]["name"], "avatars");
}

TEST(PlatformStorage, ObjectsPutGetListRmWithLimits) {
  PlatformProject p;
  TempDir tmp;
  std::string small = "hello, storage\n";
  std::string binary;
  for (int i = 0; i < 4000; ++i) binary.push_back(static_cast<char>((i * 7919) & 0xff));
  auto small_f = tmp.Write("hello.txt", small);
  auto bin_f = tmp.Write("blob.bin", binary);
  p.Ok({"storage", "buckets", "create", "media", "--max-size", "2000", "--mime", "text/*,image/png"});
  p.Ok({"storage", "buckets", "create", "raw"});

  auto put = p.Json({"storage", "objects", "put", "media/notes/hello.txt", small_f});
  EXPECT_EQ(put["object"]["size"], small.size());
  EXPECT_EQ(put["object"]["content_type"], "text/plain");
  EXPECT_EQ(put["object"]["checksum"], Sha256Hex(small));
  auto objects = ObjectsDir(p);
  EXPECT_TRUE(os::Exists(objects + "/" + Sha256Hex(small)));

  // Bytes come back exactly (binary, through a file and stdout).
  p.Ok({"storage", "objects", "put", "raw/blob.bin", bin_f});
  auto out_f = tmp.dir() + "/back.bin";
  p.Ok({"storage", "objects", "get", "raw/blob.bin", out_f});
  EXPECT_EQ(os::ReadFile(out_f), binary);
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "media/notes/hello.txt"}), small);
  auto j = p.Json({"storage", "objects", "get", "raw/blob.bin"});
  std::string decoded;
  ASSERT_TRUE(Base64UrlDecode(j["content_base64url"].get<std::string>(), &decoded));
  EXPECT_EQ(decoded, binary);

  // Limits: size, MIME, traversal, unknown bucket, duplicate key, missing file.
  EXPECT_NE(p.Fails({"storage", "objects", "put", "media/big.png", bin_f}, 3).find("too large"), std::string::npos);
  EXPECT_NE(p.Fails({"storage", "objects", "put", "media/x.pdf", small_f}, 3).find("not allowed"), std::string::npos);
  p.Fails({"storage", "objects", "put", "media/x.txt", small_f, "--content-type", "application/json"}, 3);
  EXPECT_NE(p.Fails({"storage", "objects", "put", "media/../etc/passwd", small_f}, 3).find("traversal"), std::string::npos);
  p.Fails({"storage", "objects", "put", "media/a/./b.txt", small_f}, 3);
  p.Fails({"storage", "objects", "put", "/abs.txt", small_f}, 3);
  p.Fails({"storage", "objects", "put", "nobucket/a.txt", small_f}, 4);
  p.Fails({"storage", "objects", "put", "media/notes/hello.txt", small_f}, 5);
  p.Fails({"storage", "objects", "put", "media/none.txt", tmp.dir() + "/missing.txt"}, 4);
  p.Fails({"storage", "objects", "get", "media/nothing.txt"}, 4);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM storage.objects"), "2");
  // Refused uploads leave no file behind: only the two stored blobs exist.
  EXPECT_EQ(os::ListDir(objects).size(), 2u);

  // Same content under two keys shares one immutable file; rm unlinks it
  // only when the last row referencing it goes.
  p.Ok({"storage", "objects", "put", "media/copy.txt", small_f});
  EXPECT_EQ(os::ListDir(objects).size(), 2u);
  struct stat st {};
  ASSERT_EQ(stat((objects + "/" + Sha256Hex(small)).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0222, 0u) << "object files are read-only";
  auto listed = p.Json({"storage", "objects", "list", "media"});
  ASSERT_EQ(listed["objects"].size(), 2u);
  EXPECT_EQ(listed["objects"][0]["key"], "copy.txt");
  EXPECT_EQ(p.Json({"storage", "objects", "list", "media/notes/"})["objects"].size(), 1u);
  p.Ok({"storage", "objects", "rm", "media/notes/hello.txt"});
  EXPECT_TRUE(os::Exists(objects + "/" + Sha256Hex(small)));
  p.Ok({"storage", "objects", "rm", "media/copy.txt"});
  EXPECT_FALSE(os::Exists(objects + "/" + Sha256Hex(small)));
  p.Fails({"storage", "objects", "rm", "media/copy.txt"}, 4);

  // Upsert replaces; the replaced content's file goes when unreferenced.
  auto v2 = tmp.Write("v2.bin", "second version");
  p.Fails({"storage", "objects", "put", "raw/blob.bin", v2}, 5);
  p.Ok({"storage", "objects", "put", "raw/blob.bin", v2, "--upsert"});
  EXPECT_EQ(p.Ok({"storage", "objects", "get", "raw/blob.bin"}), "second version");
  EXPECT_FALSE(os::Exists(objects + "/" + Sha256Hex(binary)));

  // A bucket with objects is only deleted with --force, which drops the files.
  p.Fails({"storage", "buckets", "delete", "raw"}, 6);
  p.Ok({"storage", "buckets", "delete", "raw", "--force"});
  EXPECT_FALSE(os::Exists(objects + "/" + Sha256Hex("second version")));
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM storage.objects"), "0");
}

TEST(PlatformStorage, KilledUploadLeavesNoHalfObject) {
  PlatformProject p;
  TempDir tmp;
  p.Ok({"storage", "buckets", "create", "big"});
  // Upload from a pipe that never closes, then kill graft mid-upload: it has
  // read part of the bytes; nothing may be stored.
  std::string fifo = tmp.dir() + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(GRAFT_BINARY, GRAFT_BINARY, "--home", p.home().dir().c_str(), "storage", "objects", "put", "big/file.bin",
          fifo.c_str(), "--project", p.name().c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int fd = open(fifo.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  std::string chunk(64 * 1024, 'x');
  ASSERT_EQ(write(fd, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fd);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM storage.objects"), "0");
  auto objects = ObjectsDir(p);
  EXPECT_TRUE(!os::Exists(objects) || os::ListDir(objects).empty());
  EXPECT_EQ(p.Json({"storage", "objects", "list", "big"})["objects"].size(), 0u);
}

// Eight uploads of distinct 24 MB contents, each killed: the even rounds as
// soon as the upload's temp file appears (a kill while the bytes are being
// written), the odd ones after a delay that grows with the round (anywhere,
// from start-up to after the commit). Whatever the point, a row exists only
// with its complete file and every file in objects/ is complete; and the
// mid-write kills did happen (the temp files they left are counted).
TEST(PlatformStorage, KillsAtRandomPointsNeverLeaveAHalfObject) {
  PlatformProject p;
  TempDir tmp;
  p.Ok({"storage", "buckets", "create", "big"});
  std::string bytes(24 * 1024 * 1024, '\0');
  for (size_t i = 0; i < bytes.size(); i += 4096) bytes[i] = static_cast<char>(i / 4096);
  auto objects = ObjectsDir(p);
  std::string temps = objects.substr(0, objects.rfind('/')) + "/tmp";
  int completed = 0, killed_mid_write = 0;
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    bytes[1] = static_cast<char>(round);  // a new blob each round: every upload writes
    auto file = tmp.Write("big.bin", bytes);
    std::string key = "big/k" + std::to_string(round);
    size_t temps_before = os::Exists(temps) ? os::ListDir(temps).size() : 0;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      execl(GRAFT_BINARY, GRAFT_BINARY, "--home", p.home().dir().c_str(), "storage", "objects", "put", key.c_str(),
            file.c_str(), "--project", p.name().c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    bool exited = false;
    if (round % 2 == 0) {
      // Poll (bounded, 60 s) for the temp file, or the upload's end.
      for (int i = 0; i < 60000 && !exited; ++i) {
        if (os::Exists(temps) && os::ListDir(temps).size() > temps_before) break;
        exited = waitpid(pid, &status, WNOHANG) == pid;
        if (!exited) usleep(1000);
      }
    } else {
      usleep(static_cast<useconds_t>(20000 + round * 80000));
    }
    if (!exited) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ++completed;
    if (os::Exists(temps) && os::ListDir(temps).size() > temps_before) ++killed_mid_write;
    // Invariants: a row exists only with its complete file; every file in
    // objects/ is complete (its content matches its name).
    auto rows = p.Json({"storage", "objects", "list", "big"})["objects"];
    for (const auto& r : rows) {
      EXPECT_EQ(r["size"], bytes.size());
      EXPECT_EQ(p.Ok({"storage", "objects", "get", "big/" + r["key"].get<std::string>(), tmp.dir() + "/back"}), "");
      EXPECT_EQ(Sha256Hex(os::ReadFile(tmp.dir() + "/back")), r["checksum"].get<std::string>());
    }
    if (os::Exists(objects)) {
      for (const auto& f : os::ListDir(objects)) {
        EXPECT_EQ(Sha256Hex(os::ReadFile(objects + "/" + f)), f) << "half-written object file " << f;
      }
    }
  }
  std::cout << "[   INFO   ] uploads completed before their kill: " << completed << " of 8; killed mid-write: "
            << killed_mid_write << "\n";
  // The four even rounds kill while the temp file is being written; a kill
  // that lost the race to the rename would not count, so ask for two.
  EXPECT_GE(killed_mid_write, 2) << "the test no longer kills uploads while they write";
}

}  // namespace graft::testing
