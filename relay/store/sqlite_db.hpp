// A small RAII layer over SQLite: one write connection and Db::kReaders
// read-only ones, each with a mutex and its cached prepared statements, and
// transactions that roll back unless committed.
//
// Every use goes through a Session (`db.session()`), which holds the mutex for
// its lifetime; `Tx` adds BEGIN IMMEDIATE / COMMIT. Durability: WAL with
// synchronous=FULL, checked at open.
//
// Group commit (`write_grouped`, used by the message write path): writers
// that arrive while a commit is being synced queue up, and the next leader
// runs all their work in ONE transaction, each in its own SAVEPOINT, so one
// COMMIT (one WAL sync) covers many messages. Every writer returns only after
// the COMMIT that holds its writes succeeded.
#pragma once
#include <sqlite3.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "store/sql/session.hpp"  // DbError

namespace foxo::relay::store {

// A cached statement of one connection, for the Db's own use (migrations)
// and tests; the stores use store/sql/session.hpp (sql/sqlite_session.cpp).
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  template <class... A>
  Stmt& bind_all(A... a) {
    int i = 0;
    (check(sqlite3_bind_int64(s_, ++i, static_cast<std::int64_t>(a))), ...);
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
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }

 private:
  void check(int rc);
  sqlite3_stmt* s_;
};

class Db;

// Exclusive use of the connection while alive. A reader session (Db::read())
// uses one of the read-only connections instead.
class Session {
 public:
  explicit Session(Db& db, bool reader = false);
  Session(const Session&) = delete;
  Stmt prepare(std::string_view sql) { return Stmt(prepare_cached(sql)); }
  // The connection's cached statement for `sql` (store/sql/sqlite_session.cpp).
  sqlite3_stmt* prepare_cached(std::string_view sql);
  void exec(std::string_view sql);
  std::int64_t changes() const;

 private:
  using Cache = std::map<std::string, sqlite3_stmt*, std::less<>>;
  Db& db_;
  std::unique_lock<std::mutex> lock_;
  sqlite3* conn_ = nullptr;
  Cache* cache_ = nullptr;
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
  // Reads that need no transaction of their own (sessions, directory, case
  // rows): on read-only connections, so that with WAL they go on while a
  // commit syncs, and concurrent writers reach the group commit queue during
  // that sync instead of after it. Sees every committed transaction. There
  // are kReaders of them: with one, every request's reads queued on its
  // mutex behind the other workers'.
  Session read() { return Session(*this, true); }
  static constexpr std::size_t kReaders = 4;
  Tx tx() { return Tx(*this); }

  // Runs `work` inside a write transaction shared with concurrent callers.
  // `work` returns true to keep what it wrote, false to undo it (it is rolled
  // back to its own savepoint; others' work is unaffected; a throw does the
  // same and is rethrown here). After the shared COMMIT, `after_commit` runs
  // for kept work, in commit order, on the committing thread with the
  // connection held (so hooks see commits in order); then this returns. If
  // the COMMIT fails, every caller of that batch gets the DbError.
  // `work` and `after_commit` must not open sessions of their own.
  void write_grouped(const std::function<bool(Session&)>& work, const std::function<void()>& after_commit);
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
  struct Reader {
    sqlite3* db = nullptr;
    std::mutex mutex;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache;
  };
  // A free reader, else (all busy) the next one in turn, waited for; locked.
  Reader& lock_reader(std::unique_lock<std::mutex>& lock);
  void close_all();  // the checkpointer, statements and connections (destructor, failed open)
  void start_checkpointer();
  struct GroupItem;
  void commit_group(const std::vector<GroupItem*>& batch);
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  // Group commit: queued writers and whether one of them is committing.
  std::mutex group_m_;
  std::vector<GroupItem*> group_queue_;
  bool group_leader_ = false;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::array<Reader, kReaders> readers_;
  std::atomic<std::size_t> next_reader_{0};
  // WAL checkpoints on a thread and connection of their own (start_checkpointer).
  sqlite3* checkpoint_db_ = nullptr;
  std::thread checkpointer_;
  std::mutex checkpoint_m_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_stop_ = false;
  std::string path_;
};

// Applies every migration above the stored schema version, each in its own
// transaction. Returns the resulting version.
int migrate(Db& db);

// The Db as the stores see it (store/sql/session.hpp).
std::unique_ptr<sql::Database> sql_database(Db& db);

}  // namespace foxo::relay::store
