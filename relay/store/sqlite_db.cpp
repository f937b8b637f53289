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

Session::Session(Db& db) : db_(db), lock_(db.mutex_) {}

Stmt Session::prepare(std::string_view sql) { return Stmt(db_.cached(sql)); }

void Session::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_.db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw DbError("sqlite exec: " + msg);
  }
}

std::int64_t Session::changes() const { return sqlite3_changes(db_.db_); }
std::int64_t Session::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.db_); }

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

Db::Db(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError("cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  auto s = session();
  s.exec("PRAGMA journal_mode=WAL");
  s.exec("PRAGMA synchronous=FULL");
  s.exec("PRAGMA foreign_keys=ON");
  s.exec("PRAGMA temp_store=MEMORY");
}

Db::~Db() {
  for (auto& [_, st] : cache_) sqlite3_finalize(st);
  if (db_) sqlite3_close(db_);
}

sqlite3_stmt* Db::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    throw DbError(std::string("sqlite prepare: ") + sqlite3_errmsg(db_) + " in: " + std::string(sql));
  cache_.emplace(std::string(sql), st);
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
