// graft/common/error.h
//
// The one error type graft uses for failures a user can see. Every error has
// a kind; each kind maps to one stable process exit code (documented in the
// README) so scripts and agents can branch on it. Messages are lowercase, name
// the object, and have no final punctuation; an optional hint says what the
// user can do about it.
//
// Convention: engine and I/O modules throw graft::Error; pure modules (schema,
// diff, ddl) return values and throw only for invariant violations. The CLI
// catches Error once, prints it (text or JSON) and exits with ExitCode(kind).
#pragma once

#include <stdexcept>
#include <string>

namespace graft {

enum class ErrorKind {
  kInternal,      // a bug or an unexpected system failure
  kUsage,         // bad flags, invalid names or values, malformed input
  kNotFound,      // unknown project, branch, object
  kAlreadyExists, // duplicate name
  kWrongState,    // busy, stopped, not allowed in the current state
  kQuota,         // a quota is reached
  kEnvironment,   // missing binary, home not writable, port in use
  kDatabase,      // SQL failed, server unreachable, wrong version
  kConflict,      // merge blocked by conflicts
  kStale,         // the parent changed since a preview
  kDataLoss,      // refused: the plan deletes rows and data loss was not allowed
};

// Stable exit codes. 0 is success. Never renumber: append.
int ExitCode(ErrorKind kind);
const char* KindName(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string hint = "")
      : std::runtime_error(message), kind_(kind), hint_(std::move(hint)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& hint() const { return hint_; }

 private:
  ErrorKind kind_;
  std::string hint_;
};

[[noreturn]] inline void Fail(ErrorKind kind, std::string message, std::string hint = "") {
  throw Error(kind, std::move(message), std::move(hint));
}

}  // namespace graft
