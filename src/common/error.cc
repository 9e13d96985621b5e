#include "common/error.h"

namespace graft {

int ExitCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInternal: return 1;
    case ErrorKind::kConflict: return 2;
    case ErrorKind::kUsage: return 3;
    case ErrorKind::kNotFound: return 4;
    case ErrorKind::kAlreadyExists: return 5;
    case ErrorKind::kWrongState: return 6;
    case ErrorKind::kQuota: return 7;
    case ErrorKind::kEnvironment: return 8;
    case ErrorKind::kDatabase: return 9;
    case ErrorKind::kStale: return 10;
    case ErrorKind::kDataLoss: return 11;
  }
  return 1;
}

const char* KindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInternal: return "internal";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kAlreadyExists: return "already_exists";
    case ErrorKind::kWrongState: return "wrong_state";
    case ErrorKind::kQuota: return "quota";
    case ErrorKind::kEnvironment: return "environment";
    case ErrorKind::kDatabase: return "database";
    case ErrorKind::kStale: return "stale";
    case ErrorKind::kDataLoss: return "data_loss";
  }
  return "internal";
}

}  // namespace graft
