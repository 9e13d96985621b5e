// graft/pg/conn.h: a thin libpq wrapper.
//
// A Conn owns one connection; it is not thread-safe (one thread at a time).
// Failures throw Error(kDatabase) carrying the server's message (first line)
// and, where the server gave one, its hint.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace graft::pg {

using Row = std::vector<std::optional<std::string>>;

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::string command_tag;  // "SELECT 3", "CREATE TABLE", ...
  // Value at (row, column name); throws Error(kInternal) on unknown column.
  const std::optional<std::string>& Get(size_t row, const std::string& column) const;
  std::string Str(size_t row, const std::string& column) const;  // "" for NULL
};

// A query's rows read in place: values are views into libpq's own result
// buffer (no string per cell), valid as long as the Rows lives. For readers of
// large results (introspect); movable, not copyable.
class Rows {
 public:
  size_t size() const { return rows_; }
  // Index of column `name`; throws Error(kInternal) when there is none.
  int Col(std::string_view name) const;
  bool IsNull(size_t row, int col) const;
  // The value as text; "" for NULL.
  std::string_view View(size_t row, int col) const;
  // By column name (a linear look-up over the few column names).
  bool IsNull(size_t row, std::string_view column) const { return IsNull(row, Col(column)); }
  std::string_view View(size_t row, std::string_view column) const { return View(row, Col(column)); }
  std::string Str(size_t row, std::string_view column) const { return std::string(View(row, column)); }
  // nullopt for NULL.
  std::optional<std::string_view> Get(size_t row, std::string_view column) const {
    int c = Col(column);
    if (IsNull(row, c)) return std::nullopt;
    return View(row, c);
  }

 private:
  friend class Conn;
  struct Clear {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Clear> res_;
  size_t rows_ = 0;
  std::vector<std::string> columns_;
};

class Conn {
 public:
  // `conninfo` is a libpq URL or key=value string. `connect_timeout_s` bounds
  // the wait for an unreachable server.
  static Conn Open(const std::string& conninfo, int connect_timeout_s = 10);
  Conn(Conn&& other) noexcept;
  Conn& operator=(Conn&& other) noexcept;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn();

  // Runs one statement (or a script without parameters: every result but the
  // last is discarded). Throws on error.
  Result Exec(const std::string& sql);
  // One statement with text parameters ($1, $2 ...); nullopt binds NULL.
  Result Exec(const std::string& sql, const std::vector<std::optional<std::string>>& params);
  // Runs a script and returns the result of every statement that returned rows
  // or a tag, in order.
  std::vector<Result> ExecAll(const std::string& sql);
  // One statement returning rows, read in place (see Rows); params as for Exec.
  Rows Query(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

  int ServerVersion() const;  // e.g. 150018
  pg_conn* raw() { return conn_; }

 private:
  explicit Conn(pg_conn* c) : conn_(c) {}
  pg_conn* conn_ = nullptr;
};

// Quotes an identifier for SQL ("my table" -> "\"my table\""); plain lowercase
// identifiers that are not keywords are returned as they are.
std::string QuoteIdent(const std::string& ident);
// Quotes a string literal ('it''s'), with E'' when it has a backslash.
std::string QuoteLiteral(const std::string& value);

}  // namespace graft::pg
