// A small RAII layer over SQLite: one connection, a mutex, cached prepared
// statements, and transactions that roll back unless committed.
//
// Every use goes through a Session (`db.session()`), which holds the mutex for
// its lifetime; `Tx` adds BEGIN IMMEDIATE / COMMIT. Durability: WAL with
// synchronous=FULL, checked at open.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace foxo::relay::store {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  Stmt& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
  Stmt& bind(int i, int v) { return check(sqlite3_bind_int64(s_, i, v)); }
  Stmt& bind(int i, bool v) { return check(sqlite3_bind_int64(s_, i, v ? 1 : 0)); }
  Stmt& bind(int i, std::string_view v) {
    return check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, std::nullptr_t) { return check(sqlite3_bind_null(s_, i)); }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind(i, nullptr);
  }
  template <class... A>
  Stmt& bind_all(A&&... a) {
    int i = 0;
    (bind(++i, std::forward<A>(a)), ...);
    return *this;
  }

  // Advances; true while there is a row.
  bool step();
  // Runs to completion (for writes).
  void run() {
    while (step()) {
    }
  }

  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }
  std::optional<std::int64_t> opt_i64(int col) const {
    if (is_null(col)) return std::nullopt;
    return i64(col);
  }
  std::optional<std::string> opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }

 private:
  Stmt& check(int rc);
  sqlite3_stmt* s_;
};

class Db;

// Exclusive use of the connection while alive.
class Session {
 public:
  explicit Session(Db& db);
  Session(const Session&) = delete;
  Stmt prepare(std::string_view sql);
  void exec(std::string_view sql);
  std::int64_t changes() const;
  std::int64_t last_insert_rowid() const;

 private:
  Db& db_;
  std::unique_lock<std::mutex> lock_;
};

// A write transaction (BEGIN IMMEDIATE). Rolls back unless commit() is called.
class Tx : public Session {
 public:
  explicit Tx(Db& db);
  ~Tx();
  void commit();

 private:
  bool done_ = false;
};

class Db {
 public:
  // Opens (creating) the file, sets WAL + synchronous=FULL + foreign keys and
  // checks they took; throws DbError with a clear message otherwise.
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;

  Session session() { return Session(*this); }
  Tx tx() { return Tx(*this); }
  const std::string& path() const { return path_; }
  std::string journal_mode();
  int synchronous();
  // A consistent copy into `dest_path` with SQLite's online backup API, in
  // steps so a running relay is never blocked for long. Throws DbError.
  void backup_to(const std::string& dest_path);
  // "ok" or the problems PRAGMA integrity_check reports.
  std::string integrity_check();

 private:
  friend class Session;
  sqlite3_stmt* cached(std::string_view sql);
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::string path_;
};

// Applies every migration above the stored schema version, each in its own
// transaction. Returns the resulting version.
int migrate(Db& db);

}  // namespace foxo::relay::store
