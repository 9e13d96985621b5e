#include "instance/clone.h"

#include <unistd.h>

#include "common/crypto.h"
#include "common/error.h"
#include "os/process.h"

namespace graft::instance {

namespace {

// What a base backup leaves out (PostgreSQL docs, "Making a Base Backup Using
// the Low Level API"), plus pg_wal, which is copied after the backup stops.
bool SkipForBackup(const std::string& rel) {
  static const char* kFiles[] = {"postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map",
                                 "backup_label.old", "current_logfiles"};
  for (const char* f : kFiles) {
    if (rel == f) return true;
  }
  static const char* kDirContents[] = {"pg_wal/", "pg_replslot/", "pg_stat_tmp/", "pg_dynshmem/", "pg_notify/",
                                       "pg_serial/", "pg_snapshots/", "pg_subtrans/"};
  for (const char* d : kDirContents) {
    if (rel.rfind(d, 0) == 0) return true;
  }
  auto slash = rel.find_last_of('/');
  std::string base = slash == std::string::npos ? rel : rel.substr(slash + 1);
  return base == "pg_internal.init" || base.rfind("pgsql_tmp", 0) == 0;
}

bool SkipPidFile(const std::string& rel) { return rel == "postmaster.pid" || rel == "postmaster.opts"; }

}  // namespace

CloneResult CloneRunning(pg::Conn& conn, const std::string& src_data, const std::string& dst_data) {
  CloneResult result;
  std::string slot = "graft_clone_" + RandomHex(6);
  conn.Exec("SELECT pg_create_physical_replication_slot(" + pg::QuoteLiteral(slot) + ", true, true)");
  auto start = conn.Exec("SELECT pg_walfile_name(lsn) AS wal FROM pg_backup_start('graft clone', true) AS lsn");
  std::string start_wal = start.Str(0, "wal");
  bool stopped = false;
  try {
    result.stats = os::CopyTree(src_data, dst_data, SkipForBackup);
    auto stop = conn.Exec(
        "SELECT labelfile, spcmapfile, lsn::text AS lsn, pg_walfile_name(lsn) AS wal FROM pg_backup_stop(false)");
    stopped = true;
    result.stop_lsn = stop.Str(0, "lsn");
    std::string stop_wal = stop.Str(0, "wal");
    const auto& user = os::ServerUser();
    os::WriteFileAtomic(dst_data + "/backup_label", stop.Str(0, "labelfile"), 0600);
    os::Chown(dst_data + "/backup_label", user.uid, user.gid, false);
    if (!stop.Str(0, "spcmapfile").empty()) {
      os::WriteFileAtomic(dst_data + "/tablespace_map", stop.Str(0, "spcmapfile"), 0600);
      os::Chown(dst_data + "/tablespace_map", user.uid, user.gid, false);
    }
    // The WAL from the backup's start to its end (segment names sort in
    // order within a timeline; one segment past the end is harmless).
    std::string last_needed;
    for (const auto& name : os::ListDir(src_data + "/pg_wal")) {
      if (name.size() != 24 || name < start_wal) continue;
      if (name > stop_wal) {
        if (!last_needed.empty()) break;
        last_needed = name;
      }
      std::string dst = dst_data + "/pg_wal/" + name;
      os::RemoveAll(dst);
      auto tmp = dst_data + "/pg_wal/.copy-" + name;
      os::CopyFile(src_data + "/pg_wal/" + name, tmp);
      if (rename(tmp.c_str(), dst.c_str()) != 0) Fail(ErrorKind::kEnvironment, "cannot place WAL segment " + dst);
    }
    if (!os::Exists(dst_data + "/pg_wal/" + stop_wal)) {
      Fail(ErrorKind::kInternal, "WAL segment " + stop_wal + " needed by the clone is missing");
    }
    os::MakeDirs(dst_data + "/pg_wal/archive_status", 0700);
    os::Chown(dst_data + "/pg_wal/archive_status", user.uid, user.gid, false);
    conn.Exec("SELECT pg_drop_replication_slot(" + pg::QuoteLiteral(slot) + ")");
  } catch (...) {
    if (!stopped) {
      try {
        conn.Exec("SELECT pg_backup_stop(false)");
      } catch (...) {
      }
    }
    os::RemoveAll(dst_data);
    throw;
  }
  return result;
}

os::CopyStats CloneStopped(const std::string& src_data, const std::string& dst_data) {
  return os::CopyTree(src_data, dst_data, SkipPidFile);
}

}  // namespace graft::instance
