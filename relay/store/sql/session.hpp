// The small SQL layer every store is written against, once: a Database hands
// out Sessions (a connection, maybe in a transaction), a Session runs one
// statement with `?` placeholders and positional values and returns Rows (a
// cursor with column getters), and a Dialect carries the few pieces of SQL
// that differ between SQLite and PostgreSQL (row locks, list parameters,
// GREATEST, how unread counts are read).
//
// Backends: store/sqlite_db.cpp (store::Db: its writer, four readers and
// group commit) and store/pg/pg_database.cpp (a pool of libpq connections:
// `?` becomes `$n`, advisory locks, NOTIFY). Errors throw store::DbError.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace foxo::relay::store {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace sql {

// One bound value. Strings are viewed, not copied: a Value lives only for the
// Session::query call that binds it.
struct Value {
  enum class Kind { null, i64, boolean, text, bytes, list } kind = Kind::null;
  std::int64_t i = 0;
  std::string_view s;
  const std::vector<std::string>* list = nullptr;  // SQLite: a JSON array; PostgreSQL: a text[]

  Value(std::nullptr_t) {}
  Value(std::int64_t v) : kind(Kind::i64), i(v) {}
  Value(int v) : kind(Kind::i64), i(v) {}
  Value(std::size_t v) : kind(Kind::i64), i(static_cast<std::int64_t>(v)) {}
  Value(bool v) : kind(Kind::boolean), i(v ? 1 : 0) {}
  Value(std::string_view v) : kind(Kind::text), s(v) {}
  Value(const std::string& v) : kind(Kind::text), s(v) {}
  Value(const char* v) : kind(Kind::text), s(v) {}
  Value(const std::vector<std::string>& v) : kind(Kind::list), list(&v) {}
  template <class T>
  Value(const std::optional<T>& v) : Value(nullptr) {
    if (v) *this = Value(*v);
  }
  // Binary data (a BLOB or bytea), which text would not carry intact.
  static Value bytes(std::string_view v) {
    Value b(v);
    b.kind = Kind::bytes;
    return b;
  }
};

// A statement's result: already executed (writes are done), positioned before
// its first row. A NULL column reads as 0 or "". Read it while the Session
// that made it is alive (a SQLite statement belongs to the session's connection).
class Rows {
 public:
  struct Cursor {
    virtual ~Cursor() = default;
    virtual bool next() = 0;
    virtual bool is_null(int col) const = 0;
    virtual std::int64_t i64(int col) const = 0;
    virtual bool boolean(int col) const = 0;
    virtual std::string text(int col) const = 0;
    virtual std::int64_t changed() const = 0;
  };
  explicit Rows(std::unique_ptr<Cursor> c) : c_(std::move(c)) {}

  bool next() { return c_->next(); }
  bool is_null(int col) const { return c_->is_null(col); }
  std::int64_t i64(int col) const { return c_->i64(col); }
  bool boolean(int col) const { return c_->boolean(col); }
  std::string text(int col) const { return c_->text(col); }
  std::optional<std::int64_t> opt_i64(int col) const {
    if (is_null(col)) return std::nullopt;
    return i64(col);
  }
  std::optional<std::string> opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }
  // Rows an INSERT, UPDATE or DELETE changed.
  std::int64_t changed() const { return c_->changed(); }

  // The first row read by `read`, if there is one.
  template <class F>
  auto one(F read) -> std::optional<decltype(read(*this))> {
    if (!next()) return std::nullopt;
    return read(*this);
  }
  // Every row read by `read`.
  template <class F>
  auto all(F read) -> std::vector<decltype(read(*this))> {
    std::vector<decltype(read(*this))> out;
    while (next()) out.push_back(read(*this));
    return out;
  }

 private:
  std::unique_ptr<Cursor> c_;
};

// What is serialised across every relay on one database (SQLite: one relay,
// one writer, so nothing more to do).
enum class Lock { events, audit, otp_sends };

// The SQL that differs between the backends.
struct Dialect {
  bool several_relays = false;  // other relays may write the same database at the same time
  // Appended to a SELECT in a transaction that goes on to write what it read
  // (SQLite's writer is already exclusive: empty).
  std::string (*lock_rows)(std::string_view of, bool skip_locked) = nullptr;
  // `column` is one of a list parameter (a Value of a vector).
  std::string (*in_list)(std::string_view column) = nullptr;
  const char* greatest = "";  // the larger of two values: MAX (SQLite) or GREATEST
  // The case row's two unread counts (foxo::counts_as_unread), as columns of
  // `c` (SQLite keeps them in the row by triggers, migration 4).
  const char* unread_columns = "";
};

class Session {
 public:
  virtual ~Session() = default;
  // Runs one statement (`?` or `?N` placeholders) with `params` bound in order.
  virtual Rows query(std::string_view sql, std::span<const Value> params) = 0;
  Rows query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Runs several statements with no parameters (migrations).
  virtual void script(const std::string& sql) = 0;
  // Holds `lock` until the transaction ends (PostgreSQL: an advisory lock).
  virtual void serialize(Lock lock) = 0;
  // Tells listening relays that events up to `last_id` commit with this transaction.
  virtual void announce_events(std::int64_t last_id) = 0;
  virtual const Dialect& dialect() const = 0;
};

// A transaction: rolled back unless committed.
class Tx : public Session {
 public:
  virtual void commit() = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual const Dialect& dialect() const = 0;
  // Reads that need no transaction (SQLite: one of the read-only connections).
  virtual std::unique_ptr<Session> read() { return session(); }
  // Reads on the writing connection (SQLite), or any pooled one.
  virtual std::unique_ptr<Session> session() = 0;
  // A write transaction (SQLite: BEGIN IMMEDIATE).
  virtual std::unique_ptr<Tx> tx() = 0;
  // One write statement, committed on its own (autocommit); returns the rows changed.
  std::int64_t write(std::string_view sql, std::initializer_list<Value> params) {
    return session()->query(sql, params).changed();
  }
  // `work` in a write transaction (SQLite: shared with concurrent writers,
  // store/sqlite_db.hpp); it returns true to keep what it wrote. `after`
  // runs once it committed, with the connection held, in commit order — on
  // backends that publish at commit only (commit_hooks()).
  virtual void write_grouped(const std::function<bool(Session&)>& work, const std::function<void()>& after) = 0;
  // Whether the stores call their AfterCommit hooks (PostgreSQL: no, the
  // event listener publishes every relay's commits, store/pg/pg_backend.cpp).
  virtual bool commit_hooks() const = 0;
  // After rows that held text in clear were rewritten sealed: leave no copy
  // of the old pages on disk where the backend can (SQLite: checkpoint and
  // truncate the WAL; secure_delete already zeroes freed space).
  virtual void forget_overwritten() {}
};

}  // namespace sql
}  // namespace foxo::relay::store
