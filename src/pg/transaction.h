// graft/pg/transaction.h: a transaction scope on a pg::Conn. Begins on
// construction and rolls back on destruction unless Commit() was called, so
// an exception anywhere in the scope leaves nothing half applied.
#pragma once

#include <string>

#include "pg/conn.h"

namespace graft::pg {

class Transaction {
 public:
  // `begin` may carry options, e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ".
  explicit Transaction(Conn& conn, const std::string& begin = "BEGIN") : conn_(conn) { conn_.Exec(begin); }
  ~Transaction() {
    if (!done_) {
      try {
        conn_.Exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit() {
    conn_.Exec("COMMIT");
    done_ = true;
  }

 private:
  Conn& conn_;
  bool done_ = false;
};

}  // namespace graft::pg
