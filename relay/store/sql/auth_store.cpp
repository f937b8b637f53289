// AuthStore: sessions (by their token's hash) and failed staff sign-ins.
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

constexpr const char* kColumns =
    "SELECT token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked, revoked_reason FROM sessions ";

SessionRecord record(const Rows& r) {
  return SessionRecord{r.text(0), r.text(1) == "guest" ? SessionKind::guest : SessionKind::staff,
                       r.text(2),  r.text(3),
                       r.i64(4),   r.i64(5),
                       r.boolean(6), r.is_null(7) ? std::string() : r.text(7)};
}

class SqlAuthStore final : public AuthStore {
 public:
  explicit SqlAuthStore(Database& db) : db_(db) {}

  void create_session(const SessionRecord& r) override {
    db_.write(
        "INSERT INTO sessions (token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {r.token_hash, r.kind == SessionKind::guest ? "guest" : "staff", r.subject_id, r.org_id, r.created_at,
         r.last_seen_at, false});
  }

  std::optional<SessionRecord> find_session(std::string_view token_hash) override {
    return db_.read()
        ->query(std::string(kColumns) + "WHERE token_hash = ?", {token_hash})
        .one(record);
  }

  std::vector<SessionRecord> find_sessions(const std::vector<std::string>& token_hashes) override {
    if (token_hashes.empty()) return {};
    return db_.read()
        ->query(std::string(kColumns) + "WHERE " + db_.dialect().in_list("token_hash"), {token_hashes})
        .all(record);
  }

  void touch_session(std::string_view token_hash, TimeMs now) override {
    db_.write(std::string("UPDATE sessions SET last_seen_at = ") + db_.dialect().greatest +
                  "(last_seen_at, ?) WHERE token_hash = ?",
              {now, token_hash});
  }

  void revoke_session(std::string_view token_hash, std::string_view reason) override {
    // The first reason stays: a session signed out and then replaced was signed out.
    db_.write("UPDATE sessions SET revoked = ?, revoked_reason = COALESCE(revoked_reason, ?) WHERE token_hash = ?",
              {true, reason, token_hash});
  }

  void record_login_failure(std::string_view email, std::string_view address, TimeMs at) override {
    db_.write("INSERT INTO login_failures (email, address, at) VALUES (?, ?, ?)", {email, address, at});
  }

  std::int64_t login_failures_for_email(std::string_view email, TimeMs since) override {
    return failures("SELECT COUNT(*)", "email", email, since).value_or(0);
  }
  std::int64_t login_failures_for_address(std::string_view address, TimeMs since) override {
    return failures("SELECT COUNT(*)", "address", address, since).value_or(0);
  }
  std::optional<TimeMs> oldest_login_failure_for_email(std::string_view email, TimeMs since) override {
    return failures("SELECT MIN(at)", "email", email, since);
  }
  std::optional<TimeMs> oldest_login_failure_for_address(std::string_view address, TimeMs since) override {
    return failures("SELECT MIN(at)", "address", address, since);
  }

 private:
  std::optional<std::int64_t> failures(const char* what, const char* column, std::string_view value, TimeMs since) {
    return db_.session()
        ->query(std::string(what) + " FROM login_failures WHERE " + column + " = ? AND at >= ?", {value, since})
        .one([](const Rows& r) { return r.opt_i64(0); })
        .value_or(std::nullopt);
  }
  Database& db_;
};

}  // namespace

std::unique_ptr<AuthStore> auth_store(Database& db) { return std::make_unique<SqlAuthStore>(db); }

}  // namespace foxo::relay::store::sql
