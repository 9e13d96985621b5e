#include "pg/conn.h"

#include <libpq-fe.h>

#include <cstring>

#include "common/error.h"
#include "common/text.h"
#include "schema/sql.h"

namespace graft::pg {

namespace {

std::string FirstLine(const char* s) {
  std::string m = s ? s : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  if (m.rfind("ERROR:  ", 0) == 0) m = m.substr(8);
  if (m.rfind("FATAL:  ", 0) == 0) m = m.substr(8);
  auto nl = m.find('\n');
  return nl == std::string::npos ? m : m.substr(0, nl);
}

[[noreturn]] void ThrowResult(PGresult* res) {
  std::string msg = FirstLine(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  if (msg.empty()) msg = FirstLine(PQresultErrorMessage(res));
  const char* hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
  const char* pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
  if (pos) msg += " (at character " + std::string(pos) + ")";
  std::string h = hint ? hint : "";
  PQclear(res);
  Fail(ErrorKind::kDatabase, msg, h);
}

Result Convert(PGresult* res) {
  Result r;
  int nf = PQnfields(res), nt = PQntuples(res);
  for (int f = 0; f < nf; ++f) r.columns.emplace_back(PQfname(res, f));
  r.rows.reserve(static_cast<size_t>(nt));
  for (int t = 0; t < nt; ++t) {
    Row row;
    row.reserve(static_cast<size_t>(nf));
    for (int f = 0; f < nf; ++f) {
      if (PQgetisnull(res, t, f)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(PQgetvalue(res, t, f), static_cast<size_t>(PQgetlength(res, t, f))));
    }
    r.rows.push_back(std::move(row));
  }
  const char* tag = PQcmdStatus(res);
  r.command_tag = tag ? tag : "";
  return r;
}

}  // namespace

const std::optional<std::string>& Result::Get(size_t row, const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return rows.at(row)[i];
  }
  Fail(ErrorKind::kInternal, "result has no column " + column);
}

std::string Result::Str(size_t row, const std::string& column) const {
  const auto& v = Get(row, column);
  return v ? *v : "";
}

Conn Conn::Open(const std::string& conninfo, int connect_timeout_s) {
  std::string info = conninfo;
  // Append a timeout unless the caller gave one.
  if (info.find("connect_timeout") == std::string::npos) {
    if (info.rfind("postgres://", 0) == 0 || info.rfind("postgresql://", 0) == 0) {
      info += (info.find('?') == std::string::npos ? "?" : "&");
      info += "connect_timeout=" + std::to_string(connect_timeout_s);
    } else {
      info += " connect_timeout=" + std::to_string(connect_timeout_s);
    }
  }
  // A string libpq cannot read is bad input, not an unreachable server.
  char* parse_error = nullptr;
  if (PQconninfoOption* opts = PQconninfoParse(info.c_str(), &parse_error)) {
    PQconninfoFree(opts);
  } else {
    std::string msg = parse_error ? FirstLine(parse_error) : "out of memory";
    if (parse_error) PQfreemem(parse_error);
    // libpq echoes the text it could not read: bounded, and without a
    // password that a cut could leave unredacted.
    Fail(ErrorKind::kUsage, "invalid connection URL: " + Printable(RedactPasswords(msg), 300),
         "give a URL such as postgresql://user:password@host:port/dbname");
  }
  PGconn* c = PQconnectdb(info.c_str());
  if (!c) Fail(ErrorKind::kInternal, "out of memory connecting to Postgres");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = FirstLine(PQerrorMessage(c));
    PQfinish(c);
    Fail(ErrorKind::kDatabase, "cannot connect: " + msg);
  }
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  return Conn(c);
}

Conn::Conn(Conn&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }

Conn& Conn::operator=(Conn&& other) noexcept {
  if (this != &other) {
    if (conn_) PQfinish(conn_);
    conn_ = other.conn_;
    other.conn_ = nullptr;
  }
  return *this;
}

Conn::~Conn() {
  if (conn_) PQfinish(conn_);
}

Result Conn::Exec(const std::string& sql) {
  auto all = ExecAll(sql);
  if (all.empty()) return Result{};
  return std::move(all.back());
}

std::vector<Result> Conn::ExecAll(const std::string& sql) {
  if (!PQsendQuery(conn_, sql.c_str())) {
    Fail(ErrorKind::kDatabase, FirstLine(PQerrorMessage(conn_)));
  }
  std::vector<Result> out;
  PGresult* failed = nullptr;
  while (PGresult* res = PQgetResult(conn_)) {
    auto st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      out.push_back(Convert(res));
      PQclear(res);
    } else if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
      PQclear(res);
      if (!failed) Fail(ErrorKind::kUsage, "COPY ... FROM STDIN / TO STDOUT is not supported here");
    } else {
      if (!failed) failed = res;
      else PQclear(res);
    }
  }
  if (failed) ThrowResult(failed);
  return out;
}

Result Conn::Exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
  auto st = PQresultStatus(res);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) ThrowResult(res);
  Result r = Convert(res);
  PQclear(res);
  return r;
}

Rows Conn::Query(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
  auto st = PQresultStatus(res);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) ThrowResult(res);
  Rows r;
  r.res_.reset(res);
  r.rows_ = static_cast<size_t>(PQntuples(res));
  int nf = PQnfields(res);
  r.columns_.reserve(static_cast<size_t>(nf));
  for (int f = 0; f < nf; ++f) r.columns_.emplace_back(PQfname(res, f));
  return r;
}

void Rows::Clear::operator()(pg_result* r) const { PQclear(r); }

int Rows::Col(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return static_cast<int>(i);
  }
  Fail(ErrorKind::kInternal, "result has no column " + std::string(name));
}

bool Rows::IsNull(size_t row, int col) const { return PQgetisnull(res_.get(), static_cast<int>(row), col) != 0; }

std::string_view Rows::View(size_t row, int col) const {
  int r = static_cast<int>(row);
  return std::string_view(PQgetvalue(res_.get(), r, col), static_cast<size_t>(PQgetlength(res_.get(), r, col)));
}

int Conn::ServerVersion() const { return PQserverVersion(conn_); }

// One implementation of SQL quoting, shared with the pure schema module.
std::string QuoteIdent(const std::string& ident) { return schema::QuoteIdent(ident); }

std::string QuoteLiteral(const std::string& value) { return schema::QuoteLiteral(value); }

}  // namespace graft::pg
