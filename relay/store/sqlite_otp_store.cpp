#include "store/sqlite_otp_store.hpp"

namespace foxo::relay::store {
namespace {

constexpr const char* kChallengeCols =
    "SELECT id, org_id, COALESCE(team_id, ''), phone, first_name, last_name, code_hash, code_issued_at, "
    "wrong_attempts, used, COALESCE(case_id, ''), created_at FROM otp_challenges WHERE id = ?";

std::optional<OtpChallengeRecord> read_challenge(Session& s, std::string_view id) {
  auto st = s.prepare(kChallengeCols);
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  OtpChallengeRecord r;
  r.id = st.text(0);
  r.org_id = st.text(1);
  r.team_id = st.text(2);
  r.phone = st.text(3);
  r.first_name = st.text(4);
  r.last_name = st.text(5);
  r.code_hash = st.text(6);
  r.code_issued_at = st.i64(7);
  r.wrong_attempts = static_cast<int>(st.i64(8));
  r.used = st.i64(9) != 0;
  r.case_id = st.text(10);
  r.created_at = st.i64(11);
  return r;
}

std::vector<TimeMs> send_times(Session& s, const char* column, std::string_view value, TimeMs since) {
  std::vector<TimeMs> out;
  auto st = s.prepare(std::string("SELECT at FROM otp_sends WHERE ") + column + " = ? AND at > ? ORDER BY at");
  st.bind_all(value, since);
  while (st.step()) out.push_back(st.i64(0));
  return out;
}

std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

void write_challenge(Session& s, const OtpChallengeRecord& c, bool is_new) {
  if (is_new) {
    s.prepare(
         "INSERT INTO otp_challenges (id, org_id, team_id, phone, first_name, last_name, code_hash, code_issued_at, "
         "wrong_attempts, used, case_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(c.id, c.org_id, nonempty(c.team_id), c.phone, c.first_name, c.last_name, c.code_hash,
                  c.code_issued_at, c.wrong_attempts, c.used, nonempty(c.case_id), c.created_at)
        .run();
  } else {
    // A resend: new code and names; the failure count and `used` are left alone.
    s.prepare(
         "UPDATE otp_challenges SET first_name = ?, last_name = ?, code_hash = ?, code_issued_at = ? WHERE id = ?")
        .bind_all(c.first_name, c.last_name, c.code_hash, c.code_issued_at, c.id)
        .run();
  }
}

}  // namespace

OtpStore::SendOutcome SqliteOtpStore::record_send(std::string_view phone, std::string_view address,
                                                  TimeMs number_since, TimeMs address_since,
                                                  std::string_view resend_id, TimeMs now,
                                                  const std::function<OtpSendWrite(const OtpSendCounters&)>& decide) {
  auto tx = db_.tx();
  OtpSendCounters counters;
  counters.number_sends = send_times(tx, "phone", phone, number_since);
  counters.address_sends = send_times(tx, "address", address, address_since);
  if (!resend_id.empty()) counters.challenge = read_challenge(tx, resend_id);
  SendOutcome out;
  out.before = counters.challenge;
  out.write = decide(counters);
  if (!out.write.allowed) return out;  // rolls back (nothing written)
  tx.prepare("INSERT INTO otp_sends (phone, address, at) VALUES (?, ?, ?)").bind_all(phone, address, now).run();
  out.send_id = tx.last_insert_rowid();
  write_challenge(tx, out.write.challenge, out.write.is_new);
  // Rows older than both windows no longer count for this number or address.
  tx.prepare("DELETE FROM otp_sends WHERE phone = ? AND at <= ? AND at <= ?").bind_all(phone, number_since, address_since).run();
  tx.prepare("DELETE FROM otp_sends WHERE address = ? AND at <= ? AND at <= ?").bind_all(address, number_since, address_since).run();
  tx.commit();
  return out;
}

void SqliteOtpStore::cancel_send(std::int64_t send_id, const OtpSendWrite& write,
                                 const std::optional<OtpChallengeRecord>& restore) {
  auto tx = db_.tx();
  tx.prepare("DELETE FROM otp_sends WHERE id = ?").bind_all(send_id).run();
  if (write.is_new) {
    tx.prepare("DELETE FROM otp_challenges WHERE id = ? AND used = 0").bind_all(write.challenge.id).run();
  } else if (restore) {
    tx.prepare("UPDATE otp_challenges SET code_hash = ?, code_issued_at = ? WHERE id = ? AND code_hash = ?")
        .bind_all(restore->code_hash, restore->code_issued_at, restore->id, write.challenge.code_hash)
        .run();
  }
  tx.commit();
}

std::optional<OtpChallengeRecord> SqliteOtpStore::find_challenge(std::string_view id) {
  auto s = db_.session();
  return read_challenge(s, id);
}

std::optional<OtpChallengeRecord> SqliteOtpStore::check_challenge(
    std::string_view id, const std::function<OtpCheck(const OtpChallengeRecord&)>& check) {
  auto tx = db_.tx();
  auto c = read_challenge(tx, id);
  if (!c) return std::nullopt;
  const OtpCheck verdict = check(*c);
  if (verdict == OtpCheck::none) return c;
  if (verdict == OtpCheck::wrong_attempt) {
    tx.prepare("UPDATE otp_challenges SET wrong_attempts = wrong_attempts + 1 WHERE id = ?").bind_all(id).run();
    ++c->wrong_attempts;
  } else {
    tx.prepare("UPDATE otp_challenges SET used = 1 WHERE id = ?").bind_all(id).run();
    c->used = true;
  }
  tx.commit();
  return c;
}

}  // namespace foxo::relay::store
