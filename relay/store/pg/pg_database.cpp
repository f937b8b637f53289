// The SQL layer (store/sql/session.hpp) on PostgreSQL (pg_db.hpp): pooled
// connections, each session borrowing one for its lifetime.
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <regex>
#include <vector>

#include "store/pg/pg_db.hpp"

namespace foxo::relay::store::pg {
namespace {

// Our own diagnostics only; libpq's NOTICEs (e.g. "relation already exists, skipping") are noise here.
void ignore_notice(void*, const char*) {}

DbError error(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return DbError(msg);
}

// Throws unless `r` is a success; owns it either way.
std::unique_ptr<PGresult, void (*)(PGresult*)> checked(PGresult* r, PGconn* conn) {
  std::unique_ptr<PGresult, void (*)(PGresult*)> owned(r, &PQclear);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw error(std::string("PostgreSQL: ") + (r ? PQresultErrorMessage(r) : PQerrorMessage(conn)));
  return owned;
}

class Pool {
 public:
  Pool(const std::string& url, std::size_t size) {
    try {
      while (all_.size() < size) all_.push_back(connect(url));
    } catch (...) {
      for (auto* c : all_) PQfinish(c);
      throw;
    }
    idle_ = all_;
  }
  ~Pool() {
    for (auto* c : all_) PQfinish(c);
  }
  PGconn* acquire() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [this] { return !idle_.empty(); });
    PGconn* c = idle_.back();
    idle_.pop_back();
    lock.unlock();
    // A connection the server dropped (restart, idle timeout): reconnect once.
    if (PQstatus(c) != CONNECTION_OK) PQreset(c);
    return c;
  }
  void release(PGconn* c) {
    {
      std::lock_guard lock(m_);
      idle_.push_back(c);
    }
    cv_.notify_one();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<PGconn*> idle_;
  std::vector<PGconn*> all_;
};

class Cursor final : public sql::Rows::Cursor {
 public:
  explicit Cursor(std::unique_ptr<PGresult, void (*)(PGresult*)> r) : r_(std::move(r)) {}
  bool next() override { return ++row_ < PQntuples(r_.get()); }
  bool is_null(int col) const override { return PQgetisnull(r_.get(), row_, col) != 0; }
  std::int64_t i64(int col) const override { return std::strtoll(PQgetvalue(r_.get(), row_, col), nullptr, 10); }
  bool boolean(int col) const override { return PQgetvalue(r_.get(), row_, col)[0] == 't'; }
  std::string text(int col) const override {
    return std::string(PQgetvalue(r_.get(), row_, col), static_cast<std::size_t>(PQgetlength(r_.get(), row_, col)));
  }
  std::int64_t changed() const override {
    const char* n = PQcmdTuples(r_.get());
    return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
  }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
  int row_ = -1;
};

// `?` -> `$1`, `$2`, ... in order; `?N` -> `$N`. (No statement has a `?` in a literal.)
std::string numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '?') {
      out += sql[i];
      continue;
    }
    out += '$';
    if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) continue;
    out += std::to_string(++n);
  }
  return out;
}

// A text[] literal: {"a","b"}.
std::string text_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (const auto& s : v) {
    out += out.size() > 1 ? ",\"" : "\"";
    for (char ch : s) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + '}';
}

std::string for_update(std::string_view of, bool skip_locked) {
  std::string s = " FOR UPDATE";
  if (!of.empty()) s += " OF " + std::string(of);
  if (skip_locked) s += " SKIP LOCKED";
  return s;
}
std::string any_of(std::string_view column) { return std::string(column) + " = ANY(?::text[])"; }

// Unread per side (foxo::counts_as_unread), counted when read.
const sql::Dialect kPg{
    true, for_update, any_of, "GREATEST",
    "(SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id AND m.seq > c.guest_seen_seq "
    "AND m.author_kind <> 'guest' AND NOT m.internal), "
    "(SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id AND m.seq > c.staff_seen_seq "
    "AND m.author_kind = 'guest')",
};

// A borrowed connection (back to the pool when destroyed); a transaction when made by tx().
class PgSession final : public sql::Tx {
 public:
  using sql::Tx::query;
  PgSession(std::shared_ptr<Pool> pool, bool begin) : pool_(std::move(pool)), conn_(pool_->acquire()) {
    try {
      if (begin) script("BEGIN");
    } catch (...) {
      pool_->release(conn_);
      throw;
    }
    open_tx_ = begin;
  }
  ~PgSession() override {
    if (open_tx_) PQclear(PQexec(conn_, "ROLLBACK"));
    pool_->release(conn_);
  }
  sql::Rows query(std::string_view sql, std::span<const sql::Value> params) override {
    using K = sql::Value::Kind;
    std::vector<std::string> text;  // text parameters must end in a NUL: copies
    text.reserve(params.size());
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const auto& v : params) {
      const char* p = nullptr;
      switch (v.kind) {
        case K::null: break;
        case K::i64: p = text.emplace_back(std::to_string(v.i)).c_str(); break;
        case K::boolean: p = v.i ? "true" : "false"; break;
        case K::text: p = text.emplace_back(v.s).c_str(); break;
        case K::bytes: p = v.s.data(); break;
        case K::list: p = text.emplace_back(text_array(*v.list)).c_str(); break;
      }
      values.push_back(p);
      lengths.push_back(static_cast<int>(v.s.size()));  // read for bytes only
      formats.push_back(v.kind == K::bytes ? 1 : 0);
    }
    const std::string q = numbered(sql);
    return sql::Rows(std::make_unique<Cursor>(
        checked(PQexecParams(conn_, q.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                             lengths.data(), formats.data(), 0),
                conn_)));
  }
  void script(const std::string& sql) override { checked(PQexec(conn_, sql.c_str()), conn_); }
  void serialize(sql::Lock lock) override {
    const std::int64_t key = lock == sql::Lock::events  ? kLockEvents
                             : lock == sql::Lock::audit ? kLockAudit
                                                        : kLockOtpSends;
    query("SELECT pg_advisory_xact_lock(?)", {key});
  }
  void announce_events(std::int64_t last_id) override {
    // Delivered to every listening relay when (and only if) this transaction commits.
    query("SELECT pg_notify('foxo_events', ?)", {std::to_string(last_id)});
  }
  const sql::Dialect& dialect() const override { return kPg; }
  void commit() override {
    if (!open_tx_) return;
    script("COMMIT");
    open_tx_ = false;
  }

 private:
  std::shared_ptr<Pool> pool_;
  PGconn* conn_;
  bool open_tx_ = false;
};

class PgDatabase final : public sql::Database {
 public:
  explicit PgDatabase(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}
  const sql::Dialect& dialect() const override { return kPg; }
  std::unique_ptr<sql::Session> session() override { return std::make_unique<PgSession>(pool_, false); }
  std::unique_ptr<sql::Tx> tx() override { return std::make_unique<PgSession>(pool_, true); }
  void write_grouped(const std::function<bool(sql::Session&)>& work, const std::function<void()>&) override {
    // One transaction per writer: PostgreSQL's commit is its own (no shared WAL sync to group here).
    auto t = tx();
    if (work(*t)) t->commit();
  }
  bool commit_hooks() const override { return false; }

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace

std::shared_ptr<sql::Database> open_database(const std::string& url, std::size_t size) {
  return std::make_shared<PgDatabase>(std::make_shared<Pool>(url, size));
}

PGconn* connect(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = "cannot connect to PostgreSQL at " + redact_url(url);
    if (c) {
      msg += ": ";
      msg += PQerrorMessage(c);
      PQfinish(c);
    }
    throw error(msg);
  }
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  return c;
}

std::string redact_url(const std::string& url) {
  static const std::regex password(R"(^(postgres(?:ql)?://[^:/@]*:)[^@]*@)");
  return std::regex_replace(url, password, "$1***@");
}

}  // namespace foxo::relay::store::pg
