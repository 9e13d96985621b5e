// graft/instance/clone.h: physical clones of a running cluster.
//
// CloneRunning makes a consistent copy of a live server's data directory
// without stopping it, using the low-level backup API: a temporary physical
// replication slot keeps the WAL, pg_backup_start() checkpoints, the files
// are copied (cloned extent by extent on btrfs/XFS, copied elsewhere), then
// pg_backup_stop() returns the backup label and the WAL needed to make the
// copy consistent is copied in. The copy starts like a restored base backup:
// it replays that WAL and comes up at the instant of pg_backup_stop().
#pragma once

#include <string>

#include "os/files.h"
#include "pg/conn.h"

namespace graft::instance {

struct CloneResult {
  os::CopyStats stats;
  std::string stop_lsn;    // the instant the copy represents
  std::string method() const { return stats.method == os::CopyMethod::kReflink ? "reflink" : "copy"; }
};

// `conn` is a superuser session on the server whose data directory is
// `src_data`; `dst_data` must not exist. On failure nothing is left at dst.
CloneResult CloneRunning(pg::Conn& conn, const std::string& src_data, const std::string& dst_data);

// Copies a stopped (or never started) data directory, such as a snapshot.
os::CopyStats CloneStopped(const std::string& src_data, const std::string& dst_data);

}  // namespace graft::instance
