// The SQL layer (store/sql/session.hpp) on PostgreSQL: sessions are pooled
// connections, `?`/`?N` become `$n`, row locks are FOR UPDATE, list values
// are text[], and what must be ordered across relays takes a
// transaction-level advisory lock (pg_db.hpp says why no retries are needed).
#include <cctype>

#include "store/pg/pg_db.hpp"

namespace foxo::relay::store::pg {
namespace {

class Cursor final : public sql::Rows::Cursor {
 public:
  explicit Cursor(Result r) : r_(std::move(r)) {}
  bool next() override { return ++row_ < r_.rows(); }
  bool is_null(int col) const override { return r_.is_null(row_, col); }
  std::int64_t i64(int col) const override { return r_.i64(row_, col); }
  bool boolean(int col) const override { return r_.boolean(row_, col); }
  std::string text(int col) const override { return r_.is_null(row_, col) ? std::string() : r_.text(row_, col); }
  std::int64_t changed() const override { return r_.affected(); }

 private:
  Result r_;
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

Param param(const sql::Value& v) {
  using K = sql::Value::Kind;
  switch (v.kind) {
    case K::null: return Param(nullptr);
    case K::i64: return Param(v.i);
    case K::boolean: return Param(v.i != 0);
    case K::text: return Param(v.s);
    case K::list: return Param(text_array(*v.list));
  }
  return Param(nullptr);
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
    "AND m.author_kind <> 'guest'), "
    "(SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id AND m.seq > c.staff_seen_seq "
    "AND m.author_kind = 'guest')",
};

template <class S>
class PgSession final : public sql::Tx {
 public:
  explicit PgSession(S s) : s_(std::move(s)) {}
  sql::Rows query(std::string_view sql, std::initializer_list<sql::Value> params) override {
    std::vector<Param> ps;
    ps.reserve(params.size());
    for (const auto& v : params) ps.push_back(param(v));
    return sql::Rows(std::make_unique<Cursor>(s_.exec(numbered(sql), ps)));
  }
  void serialize(sql::Lock lock) override {
    const std::int64_t key = lock == sql::Lock::events  ? kLockEvents
                             : lock == sql::Lock::audit ? kLockAudit
                                                        : kLockOtpSends;
    s_.exec("SELECT pg_advisory_xact_lock($1)", {key});
  }
  void announce_events(std::int64_t last_id) override {
    // Delivered to every listening relay when (and only if) this transaction commits.
    s_.exec("SELECT pg_notify('foxo_events', $1)", {std::to_string(last_id)});
  }
  const sql::Dialect& dialect() const override { return kPg; }
  void commit() override {
    if constexpr (std::is_same_v<S, pg::Tx>) s_.commit();
  }

 private:
  S s_;
};

class PgDatabase final : public sql::Database {
 public:
  explicit PgDatabase(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}
  const sql::Dialect& dialect() const override { return kPg; }
  std::unique_ptr<sql::Session> read() override { return session(); }
  std::unique_ptr<sql::Session> session() override {
    return std::make_unique<PgSession<pg::Session>>(pool_->session());
  }
  std::unique_ptr<sql::Tx> tx() override { return std::make_unique<PgSession<pg::Tx>>(pool_->tx()); }
  std::int64_t write(std::string_view sql, std::initializer_list<sql::Value> params) override {
    return session()->query(sql, params).changed();  // autocommit: one statement is its own transaction
  }
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

std::unique_ptr<sql::Database> sql_database(std::shared_ptr<Pool> pool) {
  return std::make_unique<PgDatabase>(std::move(pool));
}

}  // namespace foxo::relay::store::pg
