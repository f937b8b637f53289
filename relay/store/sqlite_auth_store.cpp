#include "store/sqlite_stores.hpp"

namespace foxo::relay::store {

void SqliteAuthStore::create_session(const SessionRecord& r) {
  auto tx = db_.tx();
  tx.prepare(
        "INSERT INTO sessions (token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked) VALUES (?, ?, "
        "?, ?, ?, ?, 0)")
      .bind_all(r.token_hash, r.kind == SessionKind::guest ? "guest" : "staff", r.subject_id, r.org_id, r.created_at,
                r.last_seen_at)
      .run();
  tx.commit();
}

std::optional<SessionRecord> SqliteAuthStore::find_session(std::string_view token_hash) {
  auto s = db_.read();
  auto st = s.prepare(
      "SELECT token_hash, kind, subject_id, org_id, created_at, last_seen_at, revoked FROM sessions WHERE token_hash = ?");
  st.bind_all(token_hash);
  if (!st.step()) return std::nullopt;
  return SessionRecord{st.text(0), st.text(1) == "guest" ? SessionKind::guest : SessionKind::staff,
                       st.text(2), st.text(3), st.i64(4), st.i64(5), st.i64(6) != 0};
}

void SqliteAuthStore::touch_session(std::string_view token_hash, TimeMs now) {
  auto tx = db_.tx();
  tx.prepare("UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE token_hash = ?").bind_all(now, token_hash).run();
  tx.commit();
}

void SqliteAuthStore::revoke_session(std::string_view token_hash) {
  auto tx = db_.tx();
  tx.prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = ?").bind_all(token_hash).run();
  tx.commit();
}

void SqliteAuthStore::record_login_failure(std::string_view email, std::string_view address, TimeMs at) {
  auto tx = db_.tx();
  tx.prepare("INSERT INTO login_failures (email, address, at) VALUES (?, ?, ?)").bind_all(email, address, at).run();
  tx.commit();
}

std::int64_t SqliteAuthStore::login_failures_for_email(std::string_view email, TimeMs since) {
  auto s = db_.session();
  auto st = s.prepare("SELECT COUNT(*) FROM login_failures WHERE email = ? AND at >= ?");
  st.bind_all(email, since);
  return st.step() ? st.i64(0) : 0;
}

std::int64_t SqliteAuthStore::login_failures_for_address(std::string_view address, TimeMs since) {
  auto s = db_.session();
  auto st = s.prepare("SELECT COUNT(*) FROM login_failures WHERE address = ? AND at >= ?");
  st.bind_all(address, since);
  return st.step() ? st.i64(0) : 0;
}

std::optional<TimeMs> SqliteAuthStore::oldest_login_failure_for_email(std::string_view email, TimeMs since) {
  auto s = db_.session();
  auto st = s.prepare("SELECT MIN(at) FROM login_failures WHERE email = ? AND at >= ?");
  st.bind_all(email, since);
  return st.step() ? st.opt_i64(0) : std::nullopt;
}

std::optional<TimeMs> SqliteAuthStore::oldest_login_failure_for_address(std::string_view address, TimeMs since) {
  auto s = db_.session();
  auto st = s.prepare("SELECT MIN(at) FROM login_failures WHERE address = ? AND at >= ?");
  st.bind_all(address, since);
  return st.step() ? st.opt_i64(0) : std::nullopt;
}

}  // namespace foxo::relay::store
