#include "store/pg/pg_db.hpp"

#include <cstdlib>
#include <regex>

namespace foxo::relay::store::pg {
namespace {

// Our own diagnostics only; libpq's NOTICEs (e.g. "relation already exists, skipping") are noise here.
void ignore_notice(void*, const char*) {}

}  // namespace

std::int64_t Result::i64(int row, int col) const {
  if (is_null(row, col)) return 0;
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
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
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw DbError(msg);
  }
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  return c;
}

std::string redact_url(const std::string& url) {
  static const std::regex password(R"(^(postgres(?:ql)?://[^:/@]*:)[^@]*@)");
  return std::regex_replace(url, password, "$1***@");
}

std::string text_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : v[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  out += '}';
  return out;
}

Session::~Session() {
  if (conn_) pool_->release(conn_);
}

Result Session::exec(std::string_view sql, std::initializer_list<Param> params, bool binary_result) {
  return exec(sql, std::vector<Param>(params), binary_result);
}

Result Session::exec(std::string_view sql, const std::vector<Param>& params, bool binary_result) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  values.reserve(params.size());
  for (const auto& p : params) {
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  const std::string q(sql);
  PGresult* raw = PQexecParams(conn_, q.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                               lengths.data(), formats.data(), binary_result ? 1 : 0);
  const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string msg = raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn_);
    PQclear(raw);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw DbError("PostgreSQL: " + msg);
  }
  return Result(raw);
}

void Session::exec_script(const std::string& sql) {
  PGresult* raw = PQexec(conn_, sql.c_str());
  const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  std::string msg = (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
                        ? std::string()
                        : std::string(raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn_));
  PQclear(raw);
  if (!msg.empty()) throw DbError("PostgreSQL: " + msg);
}

Tx::Tx(Pool& pool, PGconn* conn) : Session(pool, conn) { exec("BEGIN"); }

Tx::~Tx() {
  if (conn_ && !done_) {
    PGresult* r = PQexec(conn_, "ROLLBACK");
    PQclear(r);
  }
}

void Tx::commit() {
  exec("COMMIT");
  done_ = true;
}

Pool::Pool(std::string url, std::size_t size) : url_(std::move(url)) {
  try {
    for (std::size_t i = 0; i < size; ++i) {
      all_.push_back(connect(url_));
      idle_.push_back(all_.back());
    }
  } catch (...) {
    for (auto* c : all_) PQfinish(c);
    throw;
  }
}

Pool::~Pool() {
  for (auto* c : all_) PQfinish(c);
}

PGconn* Pool::acquire() {
  std::unique_lock lock(m_);
  cv_.wait(lock, [this] { return !idle_.empty(); });
  PGconn* c = idle_.back();
  idle_.pop_back();
  lock.unlock();
  // A connection the server dropped (restart, idle timeout): reconnect once.
  if (PQstatus(c) != CONNECTION_OK) PQreset(c);
  return c;
}

void Pool::release(PGconn* c) {
  {
    std::lock_guard lock(m_);
    idle_.push_back(c);
  }
  cv_.notify_one();
}

}  // namespace foxo::relay::store::pg
