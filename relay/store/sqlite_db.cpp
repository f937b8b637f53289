#include "store/sqlite_db.hpp"

#include <chrono>

namespace foxo::relay::store {

bool Stmt::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw DbError(std::string("sqlite step: ") + sqlite3_errmsg(sqlite3_db_handle(s_)));
}

void Stmt::check(int rc) {
  if (rc != SQLITE_OK) throw DbError(std::string("sqlite bind: ") + sqlite3_errstr(rc));
}

Session::Session(Db& db, bool reader) : db_(db) {
  if (reader) {
    Db::Reader& r = db.lock_reader(lock_);
    conn_ = r.db;
    cache_ = &r.cache;
  } else {
    lock_ = std::unique_lock(db.mutex_);
    conn_ = db.db_;
    cache_ = &db.cache_;
  }
}

sqlite3_stmt* Session::prepare_cached(std::string_view sql) {
  // Each connection keeps its own prepared statements.
  if (const auto it = cache_->find(sql); it != cache_->end()) return it->second;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(conn_, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    throw DbError(std::string("sqlite prepare: ") + sqlite3_errmsg(conn_) + " in: " + std::string(sql));
  cache_->emplace(std::string(sql), st);
  return st;
}

void Session::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(conn_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw DbError("sqlite exec: " + msg);
  }
}

std::int64_t Session::changes() const { return sqlite3_changes(conn_); }

Tx::Tx(Db& db) : Session(db) { exec("BEGIN IMMEDIATE"); }
Tx::~Tx() {
  if (!done_) {
    try {
      exec("ROLLBACK");
    } catch (...) {
      // The transaction may already have been rolled back by SQLite itself.
    }
  }
}
void Tx::commit() {
  exec("COMMIT");
  done_ = true;
}

// ---- Group commit ------------------------------------------------------------

struct Db::GroupItem {
  const std::function<bool(Session&)>* work = nullptr;
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

void Db::write_grouped(const std::function<bool(Session&)>& work, const std::function<void()>& after_commit) {
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
  try {
    Session s(*this);
    s.exec("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      GroupItem* item = batch[i];
      // Prepared once and cached (exec would parse the statement for every write).
      s.prepare("SAVEPOINT grouped_write").run();
      try {
        item->kept = (*item->work)(s);
      } catch (...) {
        item->error = std::current_exception();
        item->kept = false;
      }
      if (sqlite3_get_autocommit(db_)) {
        // SQLite rolled the whole transaction back (I/O error, disk full):
        // the work kept so far is gone too. Fail it, and go on with a new one.
        const auto e = std::make_exception_ptr(DbError("sqlite: transaction rolled back by an error"));
        for (std::size_t j = 0; j <= i; ++j)
          if (batch[j]->kept || j == i) {
            batch[j]->kept = false;
            if (!batch[j]->error) batch[j]->error = e;
          }
        s.exec("BEGIN IMMEDIATE");
        continue;
      }
      if (!item->kept) s.prepare("ROLLBACK TO grouped_write").run();
      s.prepare("RELEASE grouped_write").run();
    }
    try {
      s.exec("COMMIT");
    } catch (...) {
      const auto e = std::current_exception();
      for (auto* item : batch) item->kept = false;
      fail_all(e);
      if (!sqlite3_get_autocommit(db_)) s.exec("ROLLBACK");
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
    if (!sqlite3_get_autocommit(db_)) {
      try {
        Session s(*this);
        s.exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
}

Db::Db(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError("cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  {
    auto s = session();
    s.exec("PRAGMA journal_mode=WAL");
    s.exec("PRAGMA synchronous=FULL");
    s.exec("PRAGMA foreign_keys=ON");
    s.exec("PRAGMA temp_store=MEMORY");
    // Checkpoints run on their own thread (start_checkpointer); the writer
    // does one itself only if that falls far behind (10,000 pages, ~40 MiB).
    s.exec("PRAGMA wal_autocheckpoint=10000");
    // A WAL that grew under a burst is cut back to 16 MiB when it restarts.
    s.exec("PRAGMA journal_size_limit=16777216");
  }
  // The readers: opened once the file is in WAL mode (readers then never wait for the writer).
  for (auto& r : readers_) {
    if (sqlite3_open_v2(path.c_str(), &r.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      const std::string msg = r.db ? sqlite3_errmsg(r.db) : "out of memory";
      close_all();
      throw DbError("cannot open database " + path + " for reading: " + msg);
    }
    sqlite3_busy_timeout(r.db, 5000);
  }
  start_checkpointer();
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
    sqlite3_exec(db_, "PRAGMA wal_autocheckpoint=1000", nullptr, nullptr, nullptr);
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
  for (auto& [_, st] : cache_) sqlite3_finalize(st);
  cache_.clear();
  for (auto& r : readers_) {
    for (auto& [_, st] : r.cache) sqlite3_finalize(st);
    r.cache.clear();
    if (r.db) sqlite3_close(r.db);
    r.db = nullptr;
  }
  if (db_) sqlite3_close(db_);
  db_ = nullptr;
}

Db::~Db() { close_all(); }

Db::Reader& Db::lock_reader(std::unique_lock<std::mutex>& lock) {
  const std::size_t first = next_reader_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kReaders; ++i) {
    Reader& r = readers_[(first + i) % kReaders];
    std::unique_lock attempt(r.mutex, std::try_to_lock);
    if (attempt.owns_lock()) {
      lock = std::move(attempt);
      return r;
    }
  }
  Reader& r = readers_[first % kReaders];
  lock = std::unique_lock(r.mutex);
  return r;
}

std::string Db::journal_mode() {
  auto s = session();
  auto st = s.prepare("PRAGMA journal_mode");
  return st.step() ? st.text(0) : std::string();
}

int Db::synchronous() {
  auto s = session();
  auto st = s.prepare("PRAGMA synchronous");
  return st.step() ? static_cast<int>(st.i64(0)) : -1;
}

void Db::backup_to(const std::string& dest_path) {
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    throw DbError("cannot create backup " + dest_path + ": " + msg);
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_, "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    throw DbError("backup failed: " + msg);
  }
  int rc;
  do {
    {
      // Hold the connection only for one step at a time.
      std::lock_guard lock(mutex_);
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
  auto s = session();
  auto st = s.prepare("PRAGMA integrity_check");
  std::string out;
  while (st.step()) {
    if (!out.empty()) out += "; ";
    out += st.text(0);
  }
  return out;
}

}  // namespace foxo::relay::store
