// SQLite as the stores' Database (store/sql/session.hpp): one write
// connection and Db::kReaders read-only ones, each with a mutex and its cached
// prepared statements. A session holds its connection's mutex for its
// lifetime; a transaction (BEGIN IMMEDIATE) rolls back unless committed.
// Durability: WAL with synchronous=FULL, checked at open (open_sqlite_stores).
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
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/session.hpp"

namespace foxo::relay::store {

class Db final : public sql::Database {
 public:
  // Opens (creating) the file, sets WAL + synchronous=FULL + foreign keys and
  // checks that they took; throws DbError with a clear message otherwise.
  explicit Db(const std::string& path);
  ~Db() override;
  Db(const Db&) = delete;

  const sql::Dialect& dialect() const override;
  // Reads that need no transaction of their own (sessions, directory, case
  // rows): on read-only connections, so that with WAL they go on while a
  // commit syncs, and concurrent writers reach the group commit queue during
  // that sync instead of after it. Sees every committed transaction. There
  // are kReaders of them: with one, every request's reads queued on its
  // mutex behind the other workers'.
  std::unique_ptr<sql::Session> read() override;
  static constexpr std::size_t kReaders = 4;
  std::unique_ptr<sql::Session> session() override;
  std::unique_ptr<sql::Tx> tx() override;
  // `work` shares a write transaction with concurrent callers. Returning
  // false (or throwing, which is rethrown here) rolls back to its own
  // savepoint; others' work is unaffected. After the shared COMMIT,
  // `after_commit` runs for kept work, in commit order, on the committing
  // thread with the connection held (so hooks see commits in order); then
  // this returns. If the COMMIT fails, every caller of that batch gets the
  // DbError. `work` and `after_commit` must not open sessions of their own.
  void write_grouped(const std::function<bool(sql::Session&)>& work,
                     const std::function<void()>& after_commit) override;
  bool commit_hooks() const override { return true; }
  void forget_overwritten() override;

  // A consistent copy into `dest_path` with SQLite's online backup API, in
  // steps so a running relay is never blocked for long. Throws DbError.
  void backup_to(const std::string& dest_path);
  // "ok" or the problems PRAGMA integrity_check reports.
  std::string integrity_check();

 private:
  struct Connection {
    sqlite3* db = nullptr;
    std::mutex mutex;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache;
    int open_rows = 0;  // Rows not yet destroyed (used under `mutex`)
  };
  class Session;
  struct GroupItem;
  void open(Connection& c, int flags, const char* what);
  // A free reader, else (all busy) the next one in turn, waited for; locked.
  Connection& lock_reader(std::unique_lock<std::mutex>& lock);
  void close_all();  // the checkpointer, statements and connections (destructor, failed open)
  void start_checkpointer();
  void commit_group(const std::vector<GroupItem*>& batch);

  const std::string path_;
  Connection writer_;
  std::array<Connection, kReaders> readers_;
  std::atomic<std::size_t> next_reader_{0};
  // Group commit: queued writers and whether one of them is committing.
  std::mutex group_m_;
  std::vector<GroupItem*> group_queue_;
  bool group_leader_ = false;
  // WAL checkpoints on a thread and connection of their own (start_checkpointer).
  sqlite3* checkpoint_db_ = nullptr;
  std::thread checkpointer_;
  std::mutex checkpoint_m_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_stop_ = false;
};

}  // namespace foxo::relay::store
