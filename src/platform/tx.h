// graft/platform/tx.h: a transaction scope on a pg::Conn (internal to the
// platform module). Rolls back unless Commit() was called.
#pragma once

#include "pg/conn.h"

namespace graft::platform {

class Tx {
 public:
  explicit Tx(pg::Conn& conn) : conn_(conn) { conn_.Exec("BEGIN"); }
  ~Tx() {
    if (!done_) {
      try {
        conn_.Exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  void Commit() {
    conn_.Exec("COMMIT");
    done_ = true;
  }

 private:
  pg::Conn& conn_;
  bool done_ = false;
};

}  // namespace graft::platform
