// The SQL layer (store/sql/session.hpp) on SQLite: sessions are store::Db's
// sessions (its writer, its read-only connections, its group commit), and
// statements its cached prepared ones. One relay owns the file and writes
// through one connection, so locks and announcements have nothing to do.
#include <nlohmann/json.hpp>

#include "store/sqlite_db.hpp"

namespace foxo::relay::store {
namespace {

class Cursor final : public sql::Rows::Cursor {
 public:
  Cursor(sqlite3_stmt* st, std::int64_t changed) : st_(st), changed_(changed) {}
  ~Cursor() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  // The first step ran in query() (a write is done when it returns).
  void first(bool row) {
    pending_ = true;
    row_ = row;
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
  void set_changed(std::int64_t n) { changed_ = n; }

  static bool step(sqlite3_stmt* st) {
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw DbError(std::string("sqlite step: ") + sqlite3_errmsg(sqlite3_db_handle(st)));
  }

 private:
  sqlite3_stmt* st_;
  std::int64_t changed_;
  bool pending_ = false;
  bool row_ = false;
};

void check(int rc) {
  if (rc != SQLITE_OK) throw DbError(std::string("sqlite bind: ") + sqlite3_errstr(rc));
}

void bind(sqlite3_stmt* st, int i, const sql::Value& v) {
  using K = sql::Value::Kind;
  switch (v.kind) {
    case K::null: return check(sqlite3_bind_null(st, i));
    case K::i64:
    case K::boolean: return check(sqlite3_bind_int64(st, i, v.i));
    case K::text:
      return check(sqlite3_bind_text(st, i, v.s.data(), static_cast<int>(v.s.size()), SQLITE_TRANSIENT));
    case K::list: {
      const std::string j = nlohmann::json(*v.list).dump();  // read with json_each (Dialect::in_list)
      return check(sqlite3_bind_text(st, i, j.data(), static_cast<int>(j.size()), SQLITE_TRANSIENT));
    }
  }
}

std::string no_lock(std::string_view, bool) { return {}; }
std::string json_in_list(std::string_view column) {
  return std::string(column) + " IN (SELECT value FROM json_each(?))";
}

const sql::Dialect kSqlite{
    false, no_lock, json_in_list, "MAX", "c.unread_for_guest, c.unread_for_staff",
};

// A session over one of Db's (borrowed: group commit's).
class SqliteSession : public sql::Tx {
 public:
  explicit SqliteSession(store::Session& s) : s_(&s) {}
  sql::Rows query(std::string_view sql, std::initializer_list<sql::Value> params) override {
    sqlite3_stmt* st = s_->prepare_cached(sql);
    auto c = std::make_unique<Cursor>(st, 0);  // resets the statement however this ends
    int i = 0;
    for (const auto& v : params) bind(st, ++i, v);
    const bool row = Cursor::step(st);
    c->set_changed(s_->changes());
    c->first(row);
    return sql::Rows(std::move(c));
  }
  void serialize(sql::Lock) override {}        // one writer already
  void announce_events(std::int64_t) override {}  // the stores' AfterCommit hooks publish
  const sql::Dialect& dialect() const override { return kSqlite; }
  void commit() override {}

 protected:
  store::Session* s_;
};

// One of Db's sessions of its own: `S` is store::Session or store::Tx.
template <class S>
class Owned final : public SqliteSession {
 public:
  template <class... A>
  explicit Owned(Db& db, A... a) : SqliteSession(own_), own_(db, a...) {}
  void commit() override {
    if constexpr (std::is_same_v<S, store::Tx>) own_.commit();
  }

 private:
  S own_;
};

class SqliteDatabase final : public sql::Database {
 public:
  explicit SqliteDatabase(Db& db) : db_(db) {}
  const sql::Dialect& dialect() const override { return kSqlite; }
  std::unique_ptr<sql::Session> read() override { return std::make_unique<Owned<store::Session>>(db_, true); }
  std::unique_ptr<sql::Session> session() override { return std::make_unique<Owned<store::Session>>(db_, false); }
  std::unique_ptr<sql::Tx> tx() override { return std::make_unique<Owned<store::Tx>>(db_); }
  std::int64_t write(std::string_view sql, std::initializer_list<sql::Value> params) override {
    auto t = tx();
    const std::int64_t n = t->query(sql, params).changed();
    t->commit();
    return n;
  }
  void write_grouped(const std::function<bool(sql::Session&)>& work, const std::function<void()>& after) override {
    db_.write_grouped(
        [&](store::Session& s) {
          SqliteSession session(s);
          return work(session);
        },
        after);
  }
  bool commit_hooks() const override { return true; }

 private:
  Db& db_;
};

}  // namespace

std::unique_ptr<sql::Database> sql_database(Db& db) { return std::make_unique<SqliteDatabase>(db); }

}  // namespace foxo::relay::store
