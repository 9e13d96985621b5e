// Engine calls for storage buckets and objects. Every write holds the
// target's storage lock (Engine::LockStorage): a branch's clone step takes
// the same lock, so a snapshot never sees an object file without its row or
// the other way round.
#include "common/error.h"
#include "engine/on_target.h"
#include "platform/resources.h"

namespace graft::engine::storage {

namespace pf = graft::platform;
using detail::OnTarget;

Reply ListBuckets(Engine& eng, const TargetRef& at) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::ListBuckets(conn); });
}

Reply GetBucket(Engine& eng, const TargetRef& at, const std::string& name) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::GetBucket(conn, name); });
}

Reply CreateBucket(Engine& eng, const TargetRef& at, const std::string& name, const BucketInput& in) {
  pf::ValidateResourceName("bucket", name);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::CreateBucket(conn, name, in); });
}

Reply UpdateBucket(Engine& eng, const TargetRef& at, const std::string& name, const BucketInput& in) {
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) { return pf::UpdateBucket(conn, name, in); });
}

Reply DeleteBucket(Engine& eng, const TargetRef& at, const std::string& name, bool force) {
  return OnTarget(eng, at, [&](const Target& t, pg::Conn& conn) {
    auto lock = eng.LockStorage(t);
    pf::DeleteBucket(conn, t.storage_dir, name, force);
    return Json(name);
  });
}

PutReply PutObject(Engine& eng, const TargetRef& at, const PutRequest& req) {
  auto [bucket, key] = pf::SplitObjectPath(req.path);
  std::string content_type = req.content_type ? *req.content_type : pf::GuessContentType(key);
  Reply r = OnTarget(eng, at, [&](const Target& t, pg::Conn& conn) {
    auto lock = eng.LockStorage(t);
    return pf::PutObjectFile(conn, t.storage_dir, bucket, key, req.file, content_type, req.upsert);
  });
  return PutReply{r.target, bucket, key, content_type, std::move(r.value)};
}

ObjectReply GetObject(Engine& eng, const TargetRef& at, const std::string& path) {
  auto [bucket, key] = pf::SplitObjectPath(path);
  ObjectReply out;
  Reply r = OnTarget(eng, at, [&](const Target& t, pg::Conn& conn) {
    auto d = pf::GetObject(conn, t.storage_dir, bucket, key);
    out.bytes = std::move(d.bytes);
    return d.meta;
  });
  out.target = std::move(r.target);
  out.meta = std::move(r.value);
  return out;
}

ObjectReply GetObjectToFile(Engine& eng, const TargetRef& at, const std::string& path, const std::string& to_file) {
  auto [bucket, key] = pf::SplitObjectPath(path);
  Reply r = OnTarget(eng, at, [&](const Target& t, pg::Conn& conn) {
    return pf::GetObjectToFile(conn, t.storage_dir, bucket, key, to_file);
  });
  ObjectReply out;
  out.target = std::move(r.target);
  out.meta = std::move(r.value);
  return out;
}

Reply ListObjects(Engine& eng, const TargetRef& at, const std::string& bucket_prefix) {
  auto slash = bucket_prefix.find('/');
  std::string bucket = bucket_prefix.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : bucket_prefix.substr(slash + 1);
  pf::ValidateResourceName("bucket", bucket);
  return OnTarget(eng, at, [&](const Target&, pg::Conn& conn) {
    return Json{{"bucket", bucket}, {"prefix", prefix}, {"objects", pf::ListObjects(conn, bucket, prefix)}};
  });
}

Reply RemoveObject(Engine& eng, const TargetRef& at, const std::string& path) {
  auto [bucket, key] = pf::SplitObjectPath(path);
  return OnTarget(eng, at, [&](const Target& t, pg::Conn& conn) {
    auto lock = eng.LockStorage(t);
    return pf::RemoveObject(conn, t.storage_dir, bucket, key);
  });
}

}  // namespace graft::engine::storage
