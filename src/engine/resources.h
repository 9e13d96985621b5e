// graft/engine/resources.h: the platform resources of a project or branch
// (settings, auth providers, storage, functions, email templates, realtime
// channels, schedules, migrations) and raw SQL, as engine calls.
//
// Every call validates its arguments first (before it resolves or touches
// anything), resolves the target (flags, then the linked context) and checks
// that its instance is ready, connects, takes the locks the operation needs
// (storage writes hold the target's storage lock, so that a branch snapshot
// sees object files and their rows consistently), and returns plain values:
// the target's display name and the JSON rows of platform/resources.h, with
// secret columns masked. A front end (the CLI, later an HTTP layer) only
// formats them. Failures throw graft::Error (kinds as in resources.h, plus
// kWrongState for a target that is not ready or a busy storage lock).
//
// Re-exported pure headers (front ends may use them through this one):
// platform/inputs.h (the input structs) and platform/validate.h (parsers of
// user-typed text: booleans, sizes, MIME lists, K=V assignments).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "platform/inputs.h"
#include "platform/validate.h"

namespace graft::engine {

using Json = nlohmann::json;
using platform::BucketInput;
using platform::ChannelInput;
using platform::FunctionInput;
using platform::JobInput;
using platform::ProviderInput;
// Parsers of flag text (platform/validate.h), each throwing kUsage naming the field.
using platform::ParseAssignment;
using platform::ParseBool;
using platform::ParseMimeList;
using platform::ParseSize;
using platform::SplitList;

// What a command acts on, as given: nullopt means "the linked context".
struct TargetRef {
  std::optional<std::string> project;
  std::optional<std::string> branch;
};

// The result of a resource call: the target's display name ("app" or
// "app/feature") and the value (rows, one object, or a small report).
struct Reply {
  std::string target;
  Json value;
};

// Settings of group "auth", "email" or "realtime" ([{key, value, is_default,
// description, ...}]). `keys` (Get: those only, in registry order) are checked
// against the registry first; Set takes {key, text value} pairs.
namespace settings {
Reply Get(Engine& eng, const TargetRef& at, const std::string& group, const std::vector<std::string>& keys);
Reply Set(Engine& eng, const TargetRef& at, const std::string& group,
          const std::vector<std::pair<std::string, std::string>>& values);
Reply Unset(Engine& eng, const TargetRef& at, const std::string& group, const std::vector<std::string>& keys);
}  // namespace settings

namespace auth {
Reply ListProviders(Engine& eng, const TargetRef& at);
Reply GetProvider(Engine& eng, const TargetRef& at, const std::string& name);
Reply AddProvider(Engine& eng, const TargetRef& at, const std::string& name, const ProviderInput& in);
Reply UpdateProvider(Engine& eng, const TargetRef& at, const std::string& name, const ProviderInput& in);
Reply RemoveProvider(Engine& eng, const TargetRef& at, const std::string& name);  // value: the name
}  // namespace auth

namespace storage {
Reply ListBuckets(Engine& eng, const TargetRef& at);
Reply GetBucket(Engine& eng, const TargetRef& at, const std::string& name);
Reply CreateBucket(Engine& eng, const TargetRef& at, const std::string& name, const BucketInput& in);
Reply UpdateBucket(Engine& eng, const TargetRef& at, const std::string& name, const BucketInput& in);
// Under the storage lock. value: the name.
Reply DeleteBucket(Engine& eng, const TargetRef& at, const std::string& name, bool force);

// An object named by "BUCKET/KEY" (validated: platform::SplitObjectPath).
struct PutRequest {
  std::string path;                          // BUCKET/KEY
  std::string file;                          // streamed from; "-": standard input
  std::optional<std::string> content_type;   // default: guessed from the key
  bool upsert = false;
};
struct PutReply {
  std::string target;
  std::string bucket, key, content_type;
  Json object;  // the stored row
};
// Under the storage lock.
PutReply PutObject(Engine& eng, const TargetRef& at, const PutRequest& req);

struct ObjectReply {
  std::string target;
  Json meta;
  std::string bytes;  // only from GetObject
};
// Reads the bytes into memory (objects up to kMaxObjectInMemoryBytes) and
// checks them against the stored checksum.
ObjectReply GetObject(Engine& eng, const TargetRef& at, const std::string& path);
// Streams the object, checked against its checksum, to `to_file` (written
// beside it and renamed when complete; "" or "-": standard output) with
// bounded memory.
ObjectReply GetObjectToFile(Engine& eng, const TargetRef& at, const std::string& path, const std::string& to_file);
// "BUCKET[/PREFIX]".
Reply ListObjects(Engine& eng, const TargetRef& at, const std::string& bucket_prefix);
// Under the storage lock. value: the removed row.
Reply RemoveObject(Engine& eng, const TargetRef& at, const std::string& path);
}  // namespace storage

namespace functions {
Reply List(Engine& eng, const TargetRef& at);
Reply Get(Engine& eng, const TargetRef& at, const std::string& slug);
// value: {function, action: created|updated|unchanged}.
Reply Deploy(Engine& eng, const TargetRef& at, const std::string& slug, const FunctionInput& in);
Reply Delete(Engine& eng, const TargetRef& at, const std::string& slug);  // value: the slug
}  // namespace functions

namespace email {
Reply ListTemplates(Engine& eng, const TargetRef& at);
Reply GetTemplate(Engine& eng, const TargetRef& at, const std::string& type);
Reply SetTemplate(Engine& eng, const TargetRef& at, const std::string& type, const std::optional<std::string>& subject,
                  const std::optional<std::string>& body);
// value: {type, subject, body}.
Reply RenderTemplate(Engine& eng, const TargetRef& at, const std::string& type,
                     const std::map<std::string, std::string>& vars);
}  // namespace email

namespace realtime {
Reply ListChannels(Engine& eng, const TargetRef& at);
Reply GetChannel(Engine& eng, const TargetRef& at, const std::string& name);
Reply AddChannel(Engine& eng, const TargetRef& at, const std::string& name, const ChannelInput& in);
Reply UpdateChannel(Engine& eng, const TargetRef& at, const std::string& name, const ChannelInput& in);
Reply RemoveChannel(Engine& eng, const TargetRef& at, const std::string& name);  // value: the name
}  // namespace realtime

namespace schedules {
Reply List(Engine& eng, const TargetRef& at);
Reply Get(Engine& eng, const TargetRef& at, const std::string& name);
Reply Create(Engine& eng, const TargetRef& at, const std::string& name, const JobInput& in);
Reply Update(Engine& eng, const TargetRef& at, const std::string& name, const JobInput& in);
Reply SetActive(Engine& eng, const TargetRef& at, const std::string& name, bool active);
Reply Delete(Engine& eng, const TargetRef& at, const std::string& name);  // value: {name, deleted: true}
}  // namespace schedules

namespace migrations {
// Creates <dir>/<YYYYMMDDHHMMSS>_<name>.sql and returns its path (no target).
std::string New(const std::string& dir, const std::string& name);
// value: {applied: [{version, name, statements}], ...}. kNotFound when
// `files` is empty and `dir` does not exist.
Reply Apply(Engine& eng, const TargetRef& at, const std::string& dir, const std::vector<std::string>& files);
Reply List(Engine& eng, const TargetRef& at, const std::string& dir);
}  // namespace migrations

// `graft sql`: runs `sql` (one or more statements) on the target.
struct SqlResult {
  std::string command;  // "SELECT 3", "CREATE TABLE", ...
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};
struct SqlReply {
  std::string target;
  std::vector<SqlResult> results;
};
SqlReply RunSql(Engine& eng, const TargetRef& at, const std::string& sql);

}  // namespace graft::engine
