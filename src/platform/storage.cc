// storage.buckets and storage.objects. Object bytes are content-addressed
// and immutable: <storage_dir>/objects/<sha256 hex>. Writes of one checksum
// are serialized by a session advisory lock keyed by the checksum, so a put
// and a concurrent rm of the same content never lose the file of a row.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <cstring>
#include <functional>

#include "common/crypto.h"
#include "common/error.h"
#include "common/limits.h"
#include "common/text.h"
#include "os/files.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "pg/transaction.h"
#include "platform/validate.h"

namespace graft::platform {

namespace {

const char* kBucketColumns = "name, public, max_size, allowed_mime, created_at, updated_at";
const char* kObjectColumns = "bucket, key, size, content_type, checksum, created_at, updated_at";

std::string ArrayLiteral(const std::vector<std::string>& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ",\"" : "\"") + v[i] + "\"";  // validated tokens only
  return out + "}";
}

[[noreturn]] void Sys(const std::string& what, const std::string& path) {
  Fail(ErrorKind::kEnvironment, what + " " + path + ": " + std::strerror(errno));
}

void FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Sys("cannot open directory", dir);
  ::fsync(fd);
  ::close(fd);
}

// Temp files of uploads killed midway: older than an hour, no upload still
// writes them.
void RemoveStaleTemps(const std::string& tmp_dir) {
  time_t cutoff = time(nullptr) - 3600;
  for (const auto& f : os::ListDir(tmp_dir)) {
    std::string path = tmp_dir + "/" + f;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < cutoff) ::unlink(path.c_str());
  }
}

// Writes the blob of `checksum` unless present. Returns true when it wrote it.
bool WriteBlob(const std::string& storage_dir, const std::string& checksum, const std::string& bytes) {
  std::string objects = storage_dir + "/objects";
  std::string final_path = objects + "/" + checksum;
  if (os::Exists(final_path)) return false;
  std::string tmp_dir = storage_dir + "/tmp";
  os::MakeDirs(objects, 0700);
  os::MakeDirs(tmp_dir, 0700);
  RemoveStaleTemps(tmp_dir);
  std::string tmp = tmp_dir + "/" + checksum + "." + RandomHex(8);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
  if (fd < 0) Sys("cannot create", tmp);
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      errno = e;
      Sys("cannot write", tmp);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    Sys("cannot sync", tmp);
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    Sys("cannot rename into", final_path);
  }
  FsyncDir(objects);
  return true;
}

// Moves the complete, fsynced temp file `tmp` into objects/ as the blob of
// `checksum`, or drops it when that blob is already there. Returns true when
// it moved it.
bool CommitBlob(const std::string& storage_dir, const std::string& checksum, const std::string& tmp) {
  std::string objects = storage_dir + "/objects";
  std::string final_path = objects + "/" + checksum;
  if (os::Exists(final_path)) {
    ::unlink(tmp.c_str());
    return false;
  }
  os::MakeDirs(objects, 0700);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    Sys("cannot rename into", final_path);
  }
  FsyncDir(objects);
  return true;
}

void WriteAll(int fd, const char* data, size_t size, const std::string& path) {
  size_t off = 0;
  while (off < size) {
    ssize_t n = ::write(fd, data + off, size - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      Sys("cannot write", path);
    }
    off += static_cast<size_t>(n);
  }
}

int64_t References(pg::Conn& conn, const std::string& checksum) {
  return std::stoll(conn.Exec("SELECT count(*) FROM storage.objects WHERE checksum = $1", {checksum})
                        .rows.at(0).at(0).value_or("0"));
}

// Unlinks the blob when no row references it (caller holds the checksum lock).
void DropBlobIfUnreferenced(pg::Conn& conn, const std::string& storage_dir, const std::string& checksum) {
  if (References(conn, checksum) == 0) {
    std::string path = ObjectFilePath(storage_dir, checksum);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) Sys("cannot remove", path);
  }
}

// A session-level advisory lock on one checksum.
class ChecksumLock {
 public:
  ChecksumLock(pg::Conn& conn, const std::string& checksum) : conn_(conn), checksum_(checksum) {
    conn_.Exec("SELECT pg_advisory_lock(hashtextextended($1, 42))", {"graft-blob:" + checksum_});
  }
  ~ChecksumLock() {
    try {
      conn_.Exec("SELECT pg_advisory_unlock(hashtextextended($1, 42))", {"graft-blob:" + checksum_});
    } catch (...) {
    }
  }

 private:
  pg::Conn& conn_;
  std::string checksum_;
};

Json BucketRow(pg::Conn& conn, const std::string& name) {
  auto rows = QueryRows(conn, Table("storage", "buckets"),
                        std::string("SELECT ") + kBucketColumns + " FROM storage.buckets WHERE name = $1", {name});
  if (rows.empty()) {
    Fail(ErrorKind::kNotFound, "bucket " + Quoted(name) + " not found", "create it with 'graft storage buckets create " + name + "'");
  }
  return rows[0];
}

}  // namespace

std::string ObjectFilePath(const std::string& storage_dir, const std::string& checksum) {
  return storage_dir + "/objects/" + checksum;
}

Json ListBuckets(pg::Conn& conn) {
  return QueryRows(conn, Table("storage", "buckets"),
                   std::string("SELECT ") + kBucketColumns +
                       ", (SELECT count(*) FROM storage.objects o WHERE o.bucket = b.name) AS objects"
                       " FROM storage.buckets b ORDER BY name");
}

Json GetBucket(pg::Conn& conn, const std::string& name) { return BucketRow(conn, name); }

Json CreateBucket(pg::Conn& conn, const std::string& name, const BucketInput& in) {
  ValidateResourceName("bucket", name);
  if (in.max_size && *in.max_size < 0) Fail(ErrorKind::kUsage, "invalid max size of bucket " + name + ": negative");
  auto r = conn.Exec(
      "INSERT INTO storage.buckets (name, public, max_size, allowed_mime) VALUES ($1, $2, $3, $4::text[]) "
      "ON CONFLICT (name) DO NOTHING",
      {name, in.is_public.value_or(false) ? "true" : "false",
       in.max_size && *in.max_size > 0 ? std::optional<std::string>(std::to_string(*in.max_size)) : std::nullopt,
       ArrayLiteral(in.allowed_mime.value_or(std::vector<std::string>{}))});
  if (r.command_tag != "INSERT 0 1") Fail(ErrorKind::kAlreadyExists, "bucket " + name + " already exists");
  return BucketRow(conn, name);
}

Json UpdateBucket(pg::Conn& conn, const std::string& name, const BucketInput& in) {
  std::string sql = "UPDATE storage.buckets SET updated_at = now()";
  std::vector<std::optional<std::string>> params = {name};
  if (in.is_public) {
    params.push_back(*in.is_public ? "true" : "false");
    sql += ", public = $" + std::to_string(params.size()) + "::boolean";
  }
  if (in.max_size) {
    if (*in.max_size < 0) Fail(ErrorKind::kUsage, "invalid max size of bucket " + name + ": negative");
    params.push_back(*in.max_size > 0 ? std::optional<std::string>(std::to_string(*in.max_size)) : std::nullopt);
    sql += ", max_size = $" + std::to_string(params.size()) + "::bigint";
  }
  if (in.allowed_mime) {
    params.push_back(ArrayLiteral(*in.allowed_mime));
    sql += ", allowed_mime = $" + std::to_string(params.size()) + "::text[]";
  }
  if (params.size() == 1) {
    Fail(ErrorKind::kUsage, "nothing to update for bucket " + name, "pass --public/--private, --max-size or --mime");
  }
  auto r = conn.Exec(sql + " WHERE name = $1", params);
  if (r.command_tag != "UPDATE 1") Fail(ErrorKind::kNotFound, "bucket " + Quoted(name) + " not found");
  return BucketRow(conn, name);
}

void DeleteBucket(pg::Conn& conn, const std::string& storage_dir, const std::string& name, bool force) {
  BucketRow(conn, name);
  std::vector<std::string> checksums;
  {
    pg::Transaction tx(conn);
    conn.Exec("SELECT 1 FROM storage.buckets WHERE name = $1 FOR UPDATE", {name});
    auto objs = conn.Exec("SELECT DISTINCT checksum FROM storage.objects WHERE bucket = $1", {name});
    if (!objs.rows.empty() && !force) {
      Fail(ErrorKind::kWrongState, "bucket " + name + " is not empty",
           "remove its objects first, or pass --force to delete them with the bucket");
    }
    for (const auto& row : objs.rows) checksums.push_back(row[0].value_or(""));
    conn.Exec("DELETE FROM storage.objects WHERE bucket = $1", {name});
    auto r = conn.Exec("DELETE FROM storage.buckets WHERE name = $1", {name});
    if (r.command_tag != "DELETE 1") Fail(ErrorKind::kNotFound, "bucket " + Quoted(name) + " not found");
    tx.Commit();
  }
  for (const auto& c : checksums) {
    ChecksumLock lock(conn, c);
    DropBlobIfUnreferenced(conn, storage_dir, c);
  }
}

namespace {

// The bucket row after checking the names and the content type of a put.
Json CheckPut(pg::Conn& conn, const std::string& bucket, const std::string& key, const std::string& content_type) {
  ValidateResourceName("bucket", bucket);
  if (auto why = CheckStorageKey(key)) Fail(ErrorKind::kUsage, "invalid object key " + Quoted(key) + ": " + *why);
  if (auto why = CheckMimePattern(content_type); why || content_type.find('*') != std::string::npos) {
    Fail(ErrorKind::kUsage, "invalid content type " + Quoted(content_type), "use type/subtype, for example text/plain");
  }
  Json b = BucketRow(conn, bucket);
  std::vector<std::string> allowed = b["allowed_mime"].get<std::vector<std::string>>();
  if (!MimeAllowed(allowed, content_type)) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    Fail(ErrorKind::kUsage, "content type " + content_type + " is not allowed in bucket " + bucket,
         "the bucket allows: " + list);
  }
  return b;
}

[[noreturn]] void TooLarge(const Json& b, const std::string& bucket, const std::string& key, const std::string& size) {
  if (!b["max_size"].is_null() && static_cast<uint64_t>(b["max_size"].get<int64_t>()) < kMaxObjectBytes) {
    Fail(ErrorKind::kUsage,
         "object " + bucket + "/" + key + " is too large for bucket " + bucket + ": " + size +
             ", the bucket allows at most " + std::to_string(b["max_size"].get<int64_t>()) + " bytes",
         "raise the limit with 'graft storage buckets update " + bucket + " --max-size BYTES'");
  }
  Fail(ErrorKind::kUsage, "object " + bucket + "/" + key + " is too large: " + size + ", the limit of an object is " +
                              LimitText(kMaxObjectBytes));
}

uint64_t SizeLimit(const Json& b) {
  uint64_t limit = kMaxObjectBytes;
  if (!b["max_size"].is_null()) limit = std::min<uint64_t>(limit, static_cast<uint64_t>(b["max_size"].get<int64_t>()));
  return limit;
}

// Records bucket/key -> checksum. `store_blob` puts the blob in place (true
// when it created it); it runs under the checksum's lock, with the row.
Json RecordObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
                  uint64_t size, const std::string& content_type, const std::string& checksum, bool upsert,
                  const std::function<bool()>& store_blob) {
  std::string old_checksum;
  {
    ChecksumLock lock(conn, checksum);
    bool wrote = store_blob();
    try {
      pg::Transaction tx(conn);
      auto prev = conn.Exec("SELECT checksum FROM storage.objects WHERE bucket = $1 AND key = $2 FOR UPDATE",
                            {bucket, key});
      if (!prev.rows.empty()) {
        if (!upsert) {
          Fail(ErrorKind::kAlreadyExists, "object " + bucket + "/" + key + " already exists",
               "pass --upsert to replace it, or remove it first");
        }
        old_checksum = prev.rows[0][0].value_or("");
      }
      conn.Exec(
          "INSERT INTO storage.objects (bucket, key, size, content_type, checksum) VALUES ($1, $2, $3, $4, $5) "
          "ON CONFLICT (bucket, key) DO UPDATE SET size = EXCLUDED.size, content_type = EXCLUDED.content_type, "
          "checksum = EXCLUDED.checksum, updated_at = now()",
          {bucket, key, std::to_string(size), content_type, checksum});
      tx.Commit();
    } catch (...) {
      if (wrote) {
        try {
          DropBlobIfUnreferenced(conn, storage_dir, checksum);
        } catch (...) {
        }
      }
      throw;
    }
  }
  if (!old_checksum.empty() && old_checksum != checksum) {
    ChecksumLock lock(conn, old_checksum);
    DropBlobIfUnreferenced(conn, storage_dir, old_checksum);
  }
  auto rows = QueryRows(conn, Table("storage", "objects"),
                        std::string("SELECT ") + kObjectColumns + " FROM storage.objects WHERE bucket = $1 AND key = $2",
                        {bucket, key});
  return rows.at(0);
}

constexpr size_t kChunk = 1024 * 1024;

}  // namespace

Json PutObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
               const std::string& bytes, const std::string& content_type, bool upsert) {
  Json b = CheckPut(conn, bucket, key, content_type);
  if (bytes.size() > SizeLimit(b)) TooLarge(b, bucket, key, std::to_string(bytes.size()) + " bytes");
  std::string checksum = Sha256Hex(bytes);
  return RecordObject(conn, storage_dir, bucket, key, bytes.size(), content_type, checksum, upsert,
                      [&] { return WriteBlob(storage_dir, checksum, bytes); });
}

Json PutObjectFile(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
                   const std::string& source, const std::string& content_type, bool upsert) {
  Json b = CheckPut(conn, bucket, key, content_type);
  uint64_t limit = SizeLimit(b);
  int in = 0;
  if (source != "-") {
    if (!os::Exists(source)) Fail(ErrorKind::kNotFound, "file " + Quoted(source) + " not found");
    if (os::IsDir(source)) Fail(ErrorKind::kUsage, "file " + Quoted(source) + " is a directory", "name a file");
    in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) Sys("cannot read", source);
  }
  std::string tmp_dir = storage_dir + "/tmp";
  os::MakeDirs(tmp_dir, 0700);
  RemoveStaleTemps(tmp_dir);
  std::string tmp = tmp_dir + "/upload." + RandomHex(8);
  int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
  if (out < 0) {
    if (in) ::close(in);
    Sys("cannot create", tmp);
  }
  Sha256Stream hash;
  uint64_t size = 0;
  try {
    std::string buf(kChunk, '\0');
    for (;;) {
      ssize_t n = ::read(in, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) Sys("cannot read", source);
      if (n == 0) break;
      size += static_cast<uint64_t>(n);
      if (size > limit) TooLarge(b, bucket, key, "more than " + std::to_string(limit) + " bytes");
      hash.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
      WriteAll(out, buf.data(), static_cast<size_t>(n), tmp);
    }
    if (::fsync(out) != 0) Sys("cannot sync", tmp);
  } catch (...) {
    if (in) ::close(in);
    ::close(out);
    ::unlink(tmp.c_str());
    throw;
  }
  if (in) ::close(in);
  if (::close(out) != 0) {
    ::unlink(tmp.c_str());
    Sys("cannot write", tmp);
  }
  std::string checksum = hash.HexDigest();
  try {
    return RecordObject(conn, storage_dir, bucket, key, size, content_type, checksum, upsert,
                        [&] { return CommitBlob(storage_dir, checksum, tmp); });
  } catch (...) {
    ::unlink(tmp.c_str());  // not moved when the row failed before the blob
    throw;
  }
}

ObjectData GetObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket,
                     const std::string& key, size_t max_bytes) {
  auto rows = QueryRows(conn, Table("storage", "objects"),
                        std::string("SELECT ") + kObjectColumns + " FROM storage.objects WHERE bucket = $1 AND key = $2",
                        {bucket, key});
  if (rows.empty()) {
    BucketRow(conn, bucket);
    Fail(ErrorKind::kNotFound, "object " + Quoted(bucket + "/" + key) + " not found");
  }
  ObjectData d;
  d.meta = rows[0];
  std::string checksum = d.meta["checksum"].get<std::string>();
  std::string path = ObjectFilePath(storage_dir, checksum);
  if (!os::Exists(path)) {
    Fail(ErrorKind::kInternal, "the bytes of object " + bucket + "/" + key + " are missing (" + path + ")");
  }
  if (d.meta["size"].get<int64_t>() > static_cast<int64_t>(max_bytes)) {
    Fail(ErrorKind::kUsage,
         "object " + bucket + "/" + key + " (" + std::to_string(d.meta["size"].get<int64_t>()) +
             " bytes) is too large to read into memory: the limit is " + LimitText(max_bytes),
         "write it to a file: 'graft storage objects get " + bucket + "/" + key + " FILE'");
  }
  d.bytes = os::ReadFile(path);
  if (Sha256Hex(d.bytes) != checksum) {
    Fail(ErrorKind::kInternal, "the bytes of object " + bucket + "/" + key + " do not match their checksum (" + path + ")");
  }
  return d;
}

Json GetObjectToFile(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
                     const std::string& dest) {
  auto rows = QueryRows(conn, Table("storage", "objects"),
                        std::string("SELECT ") + kObjectColumns + " FROM storage.objects WHERE bucket = $1 AND key = $2",
                        {bucket, key});
  if (rows.empty()) {
    BucketRow(conn, bucket);
    Fail(ErrorKind::kNotFound, "object " + Quoted(bucket + "/" + key) + " not found");
  }
  Json meta = rows[0];
  std::string checksum = meta["checksum"].get<std::string>();
  std::string path = ObjectFilePath(storage_dir, checksum);
  bool to_stdout = dest.empty() || dest == "-";
  if (!to_stdout && os::IsDir(dest)) Fail(ErrorKind::kUsage, "destination " + Quoted(dest) + " is a directory", "name a file");
  int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) Fail(ErrorKind::kInternal, "the bytes of object " + bucket + "/" + key + " are missing (" + path + ")");
  // A file is written beside its destination and renamed when complete and
  // verified; standard output gets the bytes as they are read.
  std::string tmp = to_stdout ? "" : dest + ".graft-" + RandomHex(6);
  int out = 1;
  if (!to_stdout) {
    out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (out < 0) {
      ::close(in);
      Sys("cannot write", dest);
    }
    // A file the user asked for gets the user's own umask, not graft's.
    if (::fchmod(out, os::UserMode(0666)) != 0) {
      ::close(in);
      ::close(out);
      ::unlink(tmp.c_str());
      Sys("cannot write", dest);
    }
  }
  Sha256Stream hash;
  try {
    std::string buf(kChunk, '\0');
    for (;;) {
      ssize_t n = ::read(in, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) Sys("cannot read", path);
      if (n == 0) break;
      hash.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
      WriteAll(out, buf.data(), static_cast<size_t>(n), to_stdout ? "standard output" : tmp);
    }
    if (hash.HexDigest() != checksum) {
      Fail(ErrorKind::kInternal,
           "the bytes of object " + bucket + "/" + key + " do not match their checksum (" + path + ")");
    }
    if (!to_stdout && (::fsync(out) != 0 || ::close(out) != 0)) {
      out = -1;
      Sys("cannot write", tmp);
    }
    if (!to_stdout) {
      out = -1;
      if (::rename(tmp.c_str(), dest.c_str()) != 0) Sys("cannot rename into", dest);
    }
  } catch (...) {
    ::close(in);
    if (!to_stdout) {
      if (out >= 0) ::close(out);
      ::unlink(tmp.c_str());
    }
    throw;
  }
  ::close(in);
  return meta;
}

Json ListObjects(pg::Conn& conn, const std::string& bucket, const std::string& prefix) {
  BucketRow(conn, bucket);
  return QueryRows(conn, Table("storage", "objects"),
                   std::string("SELECT ") + kObjectColumns +
                       " FROM storage.objects WHERE bucket = $1 AND left(key, length($2)) = $2 ORDER BY key",
                   {bucket, prefix});
}

Json RemoveObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key) {
  auto rows = QueryRows(conn, Table("storage", "objects"),
                        std::string("SELECT ") + kObjectColumns + " FROM storage.objects WHERE bucket = $1 AND key = $2",
                        {bucket, key});
  if (rows.empty()) {
    BucketRow(conn, bucket);
    Fail(ErrorKind::kNotFound, "object " + Quoted(bucket + "/" + key) + " not found");
  }
  std::string checksum = rows[0]["checksum"].get<std::string>();
  ChecksumLock lock(conn, checksum);
  auto r = conn.Exec("DELETE FROM storage.objects WHERE bucket = $1 AND key = $2 AND checksum = $3",
                     {bucket, key, checksum});
  if (r.command_tag != "DELETE 1") {
    Fail(ErrorKind::kNotFound, "object " + bucket + "/" + key + " changed or was removed meanwhile", "retry");
  }
  DropBlobIfUnreferenced(conn, storage_dir, checksum);
  return rows[0];
}

}  // namespace graft::platform
