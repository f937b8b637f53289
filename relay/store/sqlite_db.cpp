// SQLite as the stores' Database (sqlite_db.hpp). Index: binding values and
// reading rows; Db::Session (one connection, its cached statements, a
// transaction when asked); group commit (GroupItem, write_grouped,
// commit_group); opening, the checkpointer, closing; backup and integrity check.
#include "store/sqlite_db.hpp"

#include <cassert>
#include <chrono>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/log.hpp"

namespace foxo::relay::store {
namespace {

void check(int rc) {
  if (rc != SQLITE_OK) throw DbError(std::string("sqlite bind: ") + sqlite3_errstr(rc));
}

bool step(sqlite3_stmt* st) {
  const int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw DbError(std::string("sqlite step: ") + sqlite3_errmsg(sqlite3_db_handle(st)));
}

void bind(sqlite3_stmt* st, int i, const sql::Value& v) {
  using K = sql::Value::Kind;
  switch (v.kind) {
    case K::null: return check(sqlite3_bind_null(st, i));
    case K::i64:
    case K::boolean: return check(sqlite3_bind_int64(st, i, v.i));
    case K::text:
      return check(sqlite3_bind_text(st, i, v.s.data(), static_cast<int>(v.s.size()), SQLITE_TRANSIENT));
    case K::bytes:
      return check(sqlite3_bind_blob(st, i, v.s.data(), static_cast<int>(v.s.size()), SQLITE_TRANSIENT));
    case K::list: {
      const std::string j = nlohmann::json(*v.list).dump();  // read with json_each (Dialect::in_list)
      return check(sqlite3_bind_text(st, i, j.data(), static_cast<int>(j.size()), SQLITE_TRANSIENT));
    }
  }
}

// A statement's rows; the statement is its connection's cached one, reset
// (and its values unbound) however the Rows end.
class Cursor final : public sql::Rows::Cursor {
 public:
  // The first step already ran in query() (a write is done when it returns).
  Cursor(sqlite3_stmt* st, bool row, std::int64_t changed, int& open)
      : st_(st), changed_(changed), row_(row), open_(open) {
    ++open_;
  }
  ~Cursor() override {
    --open_;
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  bool next() override {
    if (pending_) {
      pending_ = false;
      return row_;
    }
    return row_ = step(st_);
  }
  bool is_null(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::int64_t i64(int col) const override { return sqlite3_column_int64(st_, col); }
  bool boolean(int col) const override { return i64(col) != 0; }
  std::string text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : std::string();
  }
  std::int64_t changed() const override { return changed_; }

 private:
  sqlite3_stmt* st_;
  std::int64_t changed_;
  bool pending_ = true;
  bool row_;
  int& open_;  // the connection's count of unfinished Rows (Db::Session's destructor checks it)
};

std::string no_lock(std::string_view, bool) { return {}; }
std::string json_in_list(std::string_view column) {
  return std::string(column) + " IN (SELECT value FROM json_each(?))";
}

// One relay owns the file and writes through one connection: no row locks.
const sql::Dialect kSqlite{
    false, no_lock, json_in_list, "MAX", "c.unread_for_guest, c.unread_for_staff",
};

}  // namespace

// Exclusive use of one connection while alive; a transaction when made by tx().
class Db::Session final : public sql::Tx {
 public:
  using sql::Tx::query;
  Session(Connection& c, std::unique_lock<std::mutex> lock, bool begin) : c_(c), lock_(std::move(lock)) {
    if (begin) {
      script("BEGIN IMMEDIATE");
      open_tx_ = true;
    }
  }
  ~Session() override {
    assert(c_.open_rows == 0 && "Rows are read while their session holds the connection (keep the session alive)");
    if (open_tx_ && !sqlite3_get_autocommit(c_.db)) sqlite3_exec(c_.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  sql::Rows query(std::string_view sql, std::span<const sql::Value> params) override {
    sqlite3_stmt* st = prepared(sql);
    assert(sqlite3_bind_parameter_count(st) == static_cast<int>(params.size()) &&
           "each placeholder gets exactly one value (the same statement runs on PostgreSQL, numbered)");
    int i = 0;
    try {
      for (const auto& v : params) bind(st, ++i, v);
      const bool row = step(st);
      return sql::Rows(std::make_unique<Cursor>(st, row, sqlite3_changes(c_.db), c_.open_rows));
    } catch (...) {
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
      throw;
    }
  }
  void script(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(c_.db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw DbError("sqlite exec: " + msg);
    }
  }
  void serialize(sql::Lock) override {}           // one writer already
  void announce_events(std::int64_t) override {}  // the stores' AfterCommit hooks publish
  const sql::Dialect& dialect() const override { return kSqlite; }
  void commit() override {
    if (!open_tx_) return;
    script("COMMIT");
    open_tx_ = false;
  }

 private:
  // Each connection keeps its own prepared statements.
  sqlite3_stmt* prepared(std::string_view sql) {
    if (const auto it = c_.cache.find(sql); it != c_.cache.end()) return it->second;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(c_.db, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
      throw DbError(std::string("sqlite prepare: ") + sqlite3_errmsg(c_.db) + " in: " + std::string(sql));
    c_.cache.emplace(std::string(sql), st);
    return st;
  }
  Connection& c_;
  std::unique_lock<std::mutex> lock_;
  bool open_tx_ = false;
};

const sql::Dialect& Db::dialect() const { return kSqlite; }

std::unique_ptr<sql::Session> Db::read() {
  std::unique_lock<std::mutex> lock;
  Connection& c = lock_reader(lock);
  return std::make_unique<Session>(c, std::move(lock), false);
}

std::unique_ptr<sql::Session> Db::session() {
  return std::make_unique<Session>(writer_, std::unique_lock(writer_.mutex), false);
}

std::unique_ptr<sql::Tx> Db::tx() { return std::make_unique<Session>(writer_, std::unique_lock(writer_.mutex), true); }

// ---- Group commit ------------------------------------------------------------

struct Db::GroupItem {
  const std::function<bool(sql::Session&)>* work = nullptr;
  const std::function<void()>* after = nullptr;
  bool kept = false;
  std::exception_ptr error;
  // Each writer waits on its own condition until the leader says its batch
  // is done, or that it leads the next batch. One wake-up per writer: with
  // one shared condition every commit woke all 64 waiting writers to fight
  // for one mutex (bench scenario 3: more senders, fewer messages/s).
  enum class Turn { wait, lead, done };
  std::mutex m;
  std::condition_variable cv;
  Turn turn = Turn::wait;

  void set(Turn t) {
    std::lock_guard lock(m);  // notified under the lock: once it is released the writer may return and go
    turn = t;
    cv.notify_one();
  }
  Turn await() {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return turn != Turn::wait; });
    return turn;
  }
};

void Db::write_grouped(const std::function<bool(sql::Session&)>& work, const std::function<void()>& after_commit) {
  GroupItem me;
  me.work = &work;
  me.after = &after_commit;
  {
    std::lock_guard lock(group_m_);
    group_queue_.push_back(&me);
    if (!group_leader_) {  // nobody commits: lead at once
      group_leader_ = true;
      me.turn = GroupItem::Turn::lead;
    }
  }
  // Otherwise wait: the current leader may take this work into its batch, or
  // hand this writer the lead for the next one.
  if (me.await() == GroupItem::Turn::lead) {
    std::vector<GroupItem*> batch;
    {
      std::lock_guard lock(group_m_);
      batch.swap(group_queue_);  // everything queued so far, this writer's own work included
    }
    commit_group(batch);
    // The lead passes on before the wake-ups, so the next batch starts at once.
    GroupItem* next = nullptr;
    {
      std::lock_guard lock(group_m_);
      if (group_queue_.empty()) group_leader_ = false;
      else next = group_queue_.front();
    }
    if (next) next->set(GroupItem::Turn::lead);
    for (auto* item : batch)
      if (item != &me) item->set(GroupItem::Turn::done);
  }
  if (me.error) std::rethrow_exception(me.error);
}

void Db::commit_group(const std::vector<GroupItem*>& batch) {
  auto fail_all = [&](std::exception_ptr e) {
    for (auto* item : batch)
      if (!item->error) item->error = e;
  };
  Session s(writer_, std::unique_lock(writer_.mutex), false);
  auto in_tx = [&] { return !sqlite3_get_autocommit(writer_.db); };
  // Prepared once and cached (a script would parse the statement for every write).
  auto run = [&](const char* sql) { s.query(sql, {}); };
  try {
    s.script("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      GroupItem* item = batch[i];
      run("SAVEPOINT grouped_write");
      try {
        item->kept = (*item->work)(s);
      } catch (...) {
        item->error = std::current_exception();
        item->kept = false;
      }
      if (!in_tx()) {
        // SQLite rolled the whole transaction back (I/O error, disk full):
        // the work kept so far is gone too. Fail it, and go on with a new one.
        const auto e = std::make_exception_ptr(DbError("sqlite: transaction rolled back by an error"));
        for (std::size_t j = 0; j <= i; ++j)
          if (batch[j]->kept || j == i) {
            batch[j]->kept = false;
            if (!batch[j]->error) batch[j]->error = e;
          }
        s.script("BEGIN IMMEDIATE");
        continue;
      }
      if (!item->kept) run("ROLLBACK TO grouped_write");
      run("RELEASE grouped_write");
    }
    try {
      s.script("COMMIT");
    } catch (...) {
      for (auto* item : batch) item->kept = false;
      fail_all(std::current_exception());
      if (in_tx()) s.script("ROLLBACK");
      return;
    }
    for (auto* item : batch) {
      if (!item->kept || !*item->after) continue;
      try {
        (*item->after)();
      } catch (...) {
        item->error = std::current_exception();
      }
    }
  } catch (...) {
    // BEGIN, SAVEPOINT or ROLLBACK TO failed: nothing of this batch is committed.
    fail_all(std::current_exception());
    if (in_tx()) sqlite3_exec(writer_.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Db::open(Connection& c, int flags, const char* what) {
  if (sqlite3_open_v2(path_.c_str(), &c.db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    const std::string msg = c.db ? sqlite3_errmsg(c.db) : "out of memory";
    close_all();
    throw DbError("cannot open database " + path_ + what + ": " + msg);
  }
  sqlite3_busy_timeout(c.db, 5000);
}

Db::Db(const std::string& path) : path_(path) {
  open(writer_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "");
  session()->script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
      // Space freed by a delete or a rewrite is zeroed, not left holding the old bytes (issue 18).
      "PRAGMA secure_delete=ON;"
      // Checkpoints run on their own thread (start_checkpointer); the writer
      // does one itself only if that falls far behind (10,000 pages, ~40 MiB).
      "PRAGMA wal_autocheckpoint=10000;"
      // A WAL that grew under a burst is cut back to 16 MiB when it restarts.
      "PRAGMA journal_size_limit=16777216;");
  // Both can be refused silently (a file system without shared memory, a
  // read-only medium): durability is checked, not assumed.
  const auto pragma = [&](const char* sql) {
    return session()->query(sql).one([](const sql::Rows& r) { return r.text(0); }).value_or("");
  };
  for (const auto& [sql, want, refused] : {std::tuple{"PRAGMA journal_mode", "wal", "WAL mode"},
                                           std::tuple{"PRAGMA synchronous", "2", "synchronous=FULL"}})
    if (pragma(sql) != want) {
      close_all();
      throw DbError(std::string("SQLite refused ") + refused + " on " + path_);
    }
  // The readers: opened once the file is in WAL mode (readers then never wait for the writer).
  for (auto& r : readers_) open(r, SQLITE_OPEN_READONLY, " for reading");
  start_checkpointer();
}

void Db::forget_overwritten() {
  // Old page images stay in the WAL file until it is checkpointed and cut to
  // nothing. The checkpoint answers busy (first column 1) while the
  // background checkpointer or a reader is in the way: it is tried again.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const bool busy = session()
                          ->query("PRAGMA wal_checkpoint(TRUNCATE)")
                          .one([](const sql::Rows& r) { return r.i64(0) != 0; })
                          .value_or(true);
    if (!busy) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  log::warn("sqlite.wal_not_truncated", {{"path", path_}});
}

// WAL checkpoints off the commit path. SQLite's automatic checkpoint runs
// inside the COMMIT that crosses 1,000 WAL pages: that commit (and with the
// group commit, every writer queued behind it) waited while pages were
// copied into the database file and it was synced (measured: 4,044-4,299
// messages/s with it, 4,403-4,728/s without, bench scenario 3). A PASSIVE
// checkpoint here, on its own connection, copies what no reader still needs
// without blocking readers or the writer; committed data is durable in the
// WAL either way.
void Db::start_checkpointer() {
  if (sqlite3_open_v2(path_.c_str(), &checkpoint_db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    // Not fatal: the writer's own checkpoint (wal_autocheckpoint) still bounds the WAL.
    sqlite3_close(checkpoint_db_);
    checkpoint_db_ = nullptr;
    sqlite3_exec(writer_.db, "PRAGMA wal_autocheckpoint=1000", nullptr, nullptr, nullptr);
    return;
  }
  sqlite3_exec(checkpoint_db_, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  checkpointer_ = std::thread([this] {
    std::unique_lock lock(checkpoint_m_);
    while (!checkpoint_stop_) {
      checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (checkpoint_stop_) break;
      lock.unlock();
      sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  });
}

void Db::close_all() {
  if (checkpointer_.joinable()) {
    {
      std::lock_guard lock(checkpoint_m_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    checkpointer_.join();
  }
  if (checkpoint_db_) sqlite3_close(checkpoint_db_);
  checkpoint_db_ = nullptr;
  for (Connection* c : {&writer_, &readers_[0], &readers_[1], &readers_[2], &readers_[3]}) {
    for (auto& [_, st] : c->cache) sqlite3_finalize(st);
    c->cache.clear();
    sqlite3_close(c->db);  // a no-op for null
    c->db = nullptr;
  }
}

Db::~Db() { close_all(); }

Db::Connection& Db::lock_reader(std::unique_lock<std::mutex>& lock) {
  const std::size_t first = next_reader_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kReaders; ++i) {
    Connection& r = readers_[(first + i) % kReaders];
    std::unique_lock attempt(r.mutex, std::try_to_lock);
    if (attempt.owns_lock()) {
      lock = std::move(attempt);
      return r;
    }
  }
  Connection& r = readers_[first % kReaders];
  lock = std::unique_lock(r.mutex);
  return r;
}

void Db::backup_to(const std::string& dest_path) {
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    throw DbError("cannot create backup " + dest_path + ": " + msg);
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", writer_.db, "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    throw DbError("backup failed: " + msg);
  }
  int rc;
  do {
    {
      // Hold the connection only for one step at a time.
      std::lock_guard lock(writer_.mutex);
      rc = sqlite3_backup_step(b, 256);
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  const bool ok = rc == SQLITE_DONE;
  std::string msg = ok ? "" : sqlite3_errstr(rc);
  sqlite3_close(dest);
  if (!ok) throw DbError("backup failed: " + msg);
}

std::string Db::integrity_check() {
  std::string out;
  const auto s = session();
  auto rows = s->query("PRAGMA integrity_check");
  while (rows.next()) out += (out.empty() ? "" : "; ") + rows.text(0);
  return out;
}

}  // namespace foxo::relay::store
