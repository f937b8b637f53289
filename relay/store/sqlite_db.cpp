#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

bool Stmt::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw DbError(std::string("sqlite step: ") + sqlite3_errmsg(sqlite3_db_handle(s_)));
}

Stmt& Stmt::check(int rc) {
  if (rc != SQLITE_OK) throw DbError(std::string("sqlite bind: ") + sqlite3_errstr(rc));
  return *this;
}

Session::Session(Db& db, bool reader)
    : db_(db), reader_(reader), lock_(reader ? db.reader_mutex_ : db.mutex_) {}

Stmt Session::prepare(std::string_view sql) { return Stmt(db_.cached(sql, reader_)); }

void Session::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_.handle(reader_), s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw DbError("sqlite exec: " + msg);
  }
}

std::int64_t Session::changes() const { return sqlite3_changes(db_.handle(reader_)); }
std::int64_t Session::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.handle(reader_)); }

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
  bool done = false;
  std::exception_ptr error;
};

void Db::write_grouped(const std::function<bool(Session&)>& work, const std::function<void()>& after_commit) {
  GroupItem me{&work, &after_commit};
  std::unique_lock lock(group_m_);
  group_queue_.push_back(&me);
  // Wait while another writer commits; it may take our work into its batch.
  group_cv_.wait(lock, [&] { return me.done || !group_leader_; });
  if (!me.done) {
    // Lead: commit everything queued so far (ours included) as one transaction.
    group_leader_ = true;
    std::vector<GroupItem*> batch;
    batch.swap(group_queue_);
    lock.unlock();
    commit_group(batch);
    lock.lock();
    for (auto* item : batch) item->done = true;
    group_leader_ = false;
    group_cv_.notify_all();  // the batch's writers return; one of the newly queued leads next
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
  }
  // The reader: opened once the file is in WAL mode (readers then never wait for the writer).
  if (sqlite3_open_v2(path.c_str(), &reader_db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = reader_db_ ? sqlite3_errmsg(reader_db_) : "out of memory";
    sqlite3_close(reader_db_);
    reader_db_ = nullptr;
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError("cannot open database " + path + " for reading: " + msg);
  }
  sqlite3_busy_timeout(reader_db_, 5000);
}

Db::~Db() {
  for (auto& [_, st] : cache_) sqlite3_finalize(st);
  for (auto& [_, st] : reader_cache_) sqlite3_finalize(st);
  if (reader_db_) sqlite3_close(reader_db_);
  if (db_) sqlite3_close(db_);
}

sqlite3_stmt* Db::cached(std::string_view sql, bool reader) {
  auto& cache = reader ? reader_cache_ : cache_;
  sqlite3* h = handle(reader);
  auto it = cache.find(sql);
  if (it != cache.end()) return it->second;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    throw DbError(std::string("sqlite prepare: ") + sqlite3_errmsg(h) + " in: " + std::string(sql));
  cache.emplace(std::string(sql), st);
  return st;
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
