// graft/platform/resources.h: the operations behind `graft auth|storage|
// functions|email|realtime|schedules|migrations`, on the instance behind a
// pg::Conn (and, for storage objects, its storage directory).
//
// Every operation validates all of its input before writing, writes in one
// transaction, and returns JSON rows with the registry's secret columns
// masked, so the CLI can print them as they are. Failures throw graft::Error:
// kUsage (invalid value), kNotFound, kAlreadyExists, kWrongState, kDatabase.
// Not thread-safe: one Conn per thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/limits.h"
#include "pg/conn.h"
#include "platform/inputs.h"

namespace graft::platform {

using Json = nlohmann::json;

// --- auth providers ----------------------------------------------------------

// OAuth providers graft knows (others are refused).
const std::vector<std::string>& KnownProviders();


Json ListProviders(pg::Conn& conn);
Json GetProvider(pg::Conn& conn, const std::string& name);
// Requires client_id and client_secret; kAlreadyExists when present.
Json AddProvider(pg::Conn& conn, const std::string& name, const ProviderInput& in);
// Changes the given fields only; kUsage when none is given.
Json UpdateProvider(pg::Conn& conn, const std::string& name, const ProviderInput& in);
void RemoveProvider(pg::Conn& conn, const std::string& name);

// --- storage -----------------------------------------------------------------


Json ListBuckets(pg::Conn& conn);
Json GetBucket(pg::Conn& conn, const std::string& name);
Json CreateBucket(pg::Conn& conn, const std::string& name, const BucketInput& in);
Json UpdateBucket(pg::Conn& conn, const std::string& name, const BucketInput& in);
// A bucket holding objects is refused (kWrongState) unless `force`, which
// removes its objects too (their files are unlinked when unreferenced).
void DeleteBucket(pg::Conn& conn, const std::string& storage_dir, const std::string& name, bool force);

// Where the bytes of an object with this checksum live.
std::string ObjectFilePath(const std::string& storage_dir, const std::string& checksum);

// Stores `bytes` as bucket/key. The bytes go to a content-addressed,
// immutable file (temp file, fsync, rename) before the metadata row is
// written, so a killed upload leaves no half object (at worst an
// unreferenced file). Enforces the bucket's size and MIME limits. An existing
// key is refused (kAlreadyExists) unless `upsert`.
Json PutObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
               const std::string& bytes, const std::string& content_type, bool upsert);
// Streams `source` (a file, or "-" for standard input) into the store with
// bounded memory: hashed while written to a temp file in storage/tmp (the
// caller holds the instance's storage lock), refused as soon as it passes
// the bucket's max size or kMaxObjectBytes; nothing is left on failure.
Json PutObjectFile(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
                   const std::string& source, const std::string& content_type, bool upsert);
struct ObjectData {
  Json meta;
  std::string bytes;
};
// Reads the bytes back into memory and checks them against the stored
// checksum; an object larger than `max_bytes` is refused (kUsage) unread.
ObjectData GetObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket,
                     const std::string& key, size_t max_bytes = kMaxObjectInMemoryBytes);
// Streams the object to `dest` (a file, written beside it and renamed when
// complete and verified; "" or "-": standard output) with bounded memory.
// Returns its metadata.
Json GetObjectToFile(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key,
                     const std::string& dest);
Json ListObjects(pg::Conn& conn, const std::string& bucket, const std::string& prefix);
// Deletes the row; unlinks the file when no other row references it.
Json RemoveObject(pg::Conn& conn, const std::string& storage_dir, const std::string& bucket, const std::string& key);

// --- functions ---------------------------------------------------------------


Json ListFunctions(pg::Conn& conn);  // without sources
Json GetFunction(pg::Conn& conn, const std::string& slug);  // with source
// Creates or updates; returns {function, action: created|updated|unchanged}.
Json DeployFunction(pg::Conn& conn, const std::string& slug, const FunctionInput& in);
void DeleteFunction(pg::Conn& conn, const std::string& slug);

// --- email templates ---------------------------------------------------------

Json ListTemplates(pg::Conn& conn);  // every standard type, customized or default
Json GetTemplate(pg::Conn& conn, const std::string& type);
Json SetTemplate(pg::Conn& conn, const std::string& type, const std::optional<std::string>& subject,
                 const std::optional<std::string>& body);
Json RenderTemplate(pg::Conn& conn, const std::string& type, const std::map<std::string, std::string>& vars);

// --- realtime channels -------------------------------------------------------


Json ListChannels(pg::Conn& conn);
Json GetChannel(pg::Conn& conn, const std::string& name);
Json AddChannel(pg::Conn& conn, const std::string& name, const ChannelInput& in);
Json UpdateChannel(pg::Conn& conn, const std::string& name, const ChannelInput& in);
void RemoveChannel(pg::Conn& conn, const std::string& name);

// --- schedules ---------------------------------------------------------------


// Each job with its pg_cron state: scheduled (has a cron.job row), last run.
Json ListJobs(pg::Conn& conn);
Json GetJob(pg::Conn& conn, const std::string& name);
Json CreateJob(pg::Conn& conn, const std::string& name, const JobInput& in);
Json UpdateJob(pg::Conn& conn, const std::string& name, const JobInput& in);
Json SetJobActive(pg::Conn& conn, const std::string& name, bool active);
void DeleteJob(pg::Conn& conn, const std::string& name);

// --- migrations --------------------------------------------------------------

struct MigrationFile {
  std::string version;   // leading digits of the file name
  std::string name;      // the rest, without .sql
  std::string path;
  std::string checksum;  // sha256 hex of the content
  std::string sql;
};

// Parses "<digits>_<name>.sql"; nullopt when the file name does not match.
std::optional<std::pair<std::string, std::string>> ParseMigrationFileName(const std::string& filename);
// The migration files of `dir`, ordered by version; kUsage on duplicates.
std::vector<MigrationFile> ScanMigrations(const std::string& dir);
// Creates <dir>/<YYYYMMDDHHMMSS>_<name>.sql (UTC) and returns its path.
std::string NewMigration(const std::string& dir, const std::string& name);
// Applied and pending migrations: [{version, name, status: applied|pending|
// changed|missing, checksum, applied_at}].
Json ListMigrations(pg::Conn& conn, const std::string& dir);
// Applies `files` (all pending files of `dir` when empty) in version order,
// each in one transaction with its ledger row. Refuses (kWrongState) before
// applying anything when an applied file's checksum changed.
Json ApplyMigrations(pg::Conn& conn, const std::string& dir, const std::vector<std::string>& files);

}  // namespace graft::platform
