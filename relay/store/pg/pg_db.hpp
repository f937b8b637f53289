// A small RAII layer over libpq: a fixed pool of connections, parameterised
// queries ($1, $2, ... sent as text, or bytea as binary), and transactions
// that roll back unless committed. Errors throw store::DbError.
//
// Isolation is PostgreSQL's default READ COMMITTED; the stores get their
// atomicity from row locks (SELECT ... FOR UPDATE, conditional UPDATEs) and
// transaction-level advisory locks where a whole table's order matters
// (events, audit), so no transaction needs retrying on serialisation failures.
#pragma once
#include <libpq-fe.h>

#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/session.hpp"  // DbError

namespace foxo::relay::store::pg {

// One query parameter: NULL, text, or binary bytes (bytea).
struct Param {
  std::optional<std::string> value;
  bool binary = false;
  Param(std::nullptr_t) {}
  Param(std::string_view v) : value(std::string(v)) {}
  Param(const std::string& v) : value(v) {}
  Param(const char* v) : value(std::string(v)) {}
  Param(std::int64_t v) : value(std::to_string(v)) {}
  Param(int v) : value(std::to_string(v)) {}
  Param(std::size_t v) : value(std::to_string(v)) {}
  Param(bool v) : value(v ? "true" : "false") {}
  template <class T>
  Param(const std::optional<T>& v) {
    if (v) *this = Param(*v);
  }
  static Param bytes(std::string_view v) {
    Param p{v};
    p.binary = true;
    return p;
  }
};

class Result {
 public:
  explicit Result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool empty() const { return rows() == 0; }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string text(int row, int col) const {
    return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
  }
  std::int64_t i64(int row, int col) const;  // NULL reads as 0
  std::optional<std::int64_t> opt_i64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return i64(row, col);
  }
  std::optional<std::string> opt_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return text(row, col);
  }
  bool boolean(int row, int col) const { return !is_null(row, col) && PQgetvalue(r_.get(), row, col)[0] == 't'; }
  // Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

class Pool;

// A borrowed connection; back to the pool when destroyed.
class Session {
 public:
  Session(Pool& pool, PGconn* conn) : pool_(&pool), conn_(conn) {}
  Session(Session&& o) noexcept : pool_(o.pool_), conn_(o.conn_) { o.conn_ = nullptr; }
  Session(const Session&) = delete;
  virtual ~Session();

  Result exec(std::string_view sql, std::initializer_list<Param> params = {}, bool binary_result = false);
  Result exec(std::string_view sql, const std::vector<Param>& params, bool binary_result = false);
  // Several statements, no parameters (migrations).
  void exec_script(const std::string& sql);
  PGconn* raw() { return conn_; }

 protected:
  Pool* pool_;
  PGconn* conn_;
};

// BEGIN in the constructor; ROLLBACK unless commit() was called.
class Tx : public Session {
 public:
  Tx(Pool& pool, PGconn* conn);
  Tx(Tx&&) noexcept = default;
  ~Tx() override;
  void commit();

 private:
  bool done_ = false;
};

class Pool {
 public:
  // Opens `size` connections to `url` (a libpq connection URI); throws DbError.
  Pool(std::string url, std::size_t size);
  ~Pool();
  Pool(const Pool&) = delete;
  Session session() { return Session(*this, acquire()); }
  Tx tx() { return Tx(*this, acquire()); }
  const std::string& url() const { return url_; }

 private:
  friend class Session;
  PGconn* acquire();
  void release(PGconn* c);

  const std::string url_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<PGconn*> idle_;
  std::vector<PGconn*> all_;
};

// The pool as the stores see it (store/sql/session.hpp; pg_session.cpp).
std::unique_ptr<sql::Database> sql_database(std::shared_ptr<Pool> pool);

// Opens one connection (outside any pool); throws DbError.
PGconn* connect(const std::string& url);
// The URL with any password replaced by "***" (for logs and messages).
std::string redact_url(const std::string& url);
// A PostgreSQL text[] literal: {"a","b"}.
std::string text_array(const std::vector<std::string>& v);

// Advisory lock keys (one namespace, fixed numbers: every relay must agree).
inline constexpr std::int64_t kLockMigrate = 0x466f786f0001;  // session: migrations and the --dev seed
inline constexpr std::int64_t kLockEvents = 0x466f786f0002;   // xact: events ids in commit order
inline constexpr std::int64_t kLockAudit = 0x466f786f0003;    // xact: the audit hash chain
inline constexpr std::int64_t kLockOtpSends = 0x466f786f0004; // xact: OTP send counters

}  // namespace foxo::relay::store::pg
