// OtpStore: sign-in code challenges and the per-number / per-address send log.
// A challenge's number and names are sealed (store/sql/fields.hpp); the send
// log counts a number by its blind index (the deployment's: the limits hold
// across organisations).
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

std::string challenge_at(std::string_view column, std::string_view id) {
  return "otp_challenges." + std::string(column) + ":" + std::string(id);
}

std::optional<OtpChallengeRecord> read_challenge(Session& s, Fields& f, std::string_view id, bool for_update) {
  return s
      .query(std::string("SELECT id, org_id, COALESCE(team_id, ''), phone, first_name, last_name, code_hash, "
                         "code_issued_at, wrong_attempts, used, COALESCE(case_id, ''), created_at FROM otp_challenges "
                         "WHERE id = ?") +
                 (for_update ? s.dialect().lock_rows("", false) : ""),
             {id})
      .one([&](const Rows& r) {
        OtpChallengeRecord c;
        c.id = r.text(0);
        c.org_id = r.text(1);
        c.team_id = r.text(2);
        c.phone = f.open(s, c.org_id, challenge_at("phone", c.id), r.text(3));
        c.first_name = f.open(s, c.org_id, challenge_at("first_name", c.id), r.text(4));
        c.last_name = f.open(s, c.org_id, challenge_at("last_name", c.id), r.text(5));
        c.code_hash = r.text(6);
        c.code_issued_at = r.i64(7);
        c.wrong_attempts = static_cast<int>(r.i64(8));
        c.used = r.boolean(9);
        c.case_id = r.text(10);
        c.created_at = r.i64(11);
        return c;
      });
}

std::vector<TimeMs> send_times(Session& s, const char* column, std::string_view value, TimeMs since) {
  return s.query(std::string("SELECT at FROM otp_sends WHERE ") + column + " = ? AND at > ? ORDER BY at", {value, since})
      .all([](const Rows& r) { return r.i64(0); });
}

std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

class SqlOtpStore final : public OtpStore {
 public:
  SqlOtpStore(Database& db, Fields& fields) : db_(db), fields_(fields) {}

  SendOutcome record_send(std::string_view phone, std::string_view address, TimeMs number_since, TimeMs address_since,
                          std::string_view resend_id, TimeMs now,
                          const std::function<OtpSendWrite(const OtpSendCounters&)>& decide) override {
    auto tx = db_.tx();
    // The send limits count rows: the count-then-insert is serialised (across
    // relays on PostgreSQL; SQLite's single writer does it for one relay).
    tx->serialize(Lock::otp_sends);
    const std::string phone_index = fields_.index(kDeployment, IndexKind::phone, phone);
    OtpSendCounters counters;
    counters.number_sends = send_times(*tx, "phone", phone_index, number_since);
    counters.address_sends = send_times(*tx, "address", address, address_since);
    if (!resend_id.empty()) counters.challenge = read_challenge(*tx, fields_, resend_id, true);
    SendOutcome out;
    out.before = counters.challenge;
    out.write = decide(counters);
    if (!out.write.allowed) return out;  // rolls back (nothing written)
    out.send_id = *tx->query("INSERT INTO otp_sends (phone, address, at) VALUES (?, ?, ?) RETURNING id",
                             {phone_index, address, now})
                       .one([](const Rows& r) { return r.i64(0); });
    const auto& c = out.write.challenge;
    const auto k = fields_.key_for(*tx, c.org_id);
    if (out.write.is_new) {
      tx->query("INSERT INTO otp_challenges (id, org_id, team_id, phone, first_name, last_name, code_hash, "
                "code_issued_at, wrong_attempts, used, case_id, created_at, key_gen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {c.id, c.org_id, nonempty(c.team_id), fields_.seal(k, challenge_at("phone", c.id), c.phone),
                 fields_.seal(k, challenge_at("first_name", c.id), c.first_name),
                 fields_.seal(k, challenge_at("last_name", c.id), c.last_name), c.code_hash, c.code_issued_at,
                 c.wrong_attempts, c.used, nonempty(c.case_id), c.created_at, static_cast<std::int64_t>(k.id)});
    } else {
      // A resend: new code and names; the failure count and `used` are left alone.
      tx->query("UPDATE otp_challenges SET first_name = ?, last_name = ?, code_hash = ?, code_issued_at = ? "
                "WHERE id = ?",
                {fields_.seal(k, challenge_at("first_name", c.id), c.first_name),
                 fields_.seal(k, challenge_at("last_name", c.id), c.last_name), c.code_hash, c.code_issued_at, c.id});
    }
    // Rows older than both windows no longer count for this number or address.
    tx->query("DELETE FROM otp_sends WHERE phone = ? AND at <= ? AND at <= ?",
              {phone_index, number_since, address_since});
    tx->query("DELETE FROM otp_sends WHERE address = ? AND at <= ? AND at <= ?", {address, number_since, address_since});
    tx->commit();
    return out;
  }

  void cancel_send(std::int64_t send_id, const OtpSendWrite& write,
                   const std::optional<OtpChallengeRecord>& restore) override {
    auto tx = db_.tx();
    tx->query("DELETE FROM otp_sends WHERE id = ?", {send_id});
    if (write.is_new) {
      tx->query("DELETE FROM otp_challenges WHERE id = ? AND used = ?", {write.challenge.id, false});
    } else if (restore) {
      tx->query("UPDATE otp_challenges SET code_hash = ?, code_issued_at = ? WHERE id = ? AND code_hash = ?",
                {restore->code_hash, restore->code_issued_at, restore->id, write.challenge.code_hash});
    }
    tx->commit();
  }

  std::optional<OtpChallengeRecord> check_challenge(
      std::string_view id, const std::function<OtpCheck(const OtpChallengeRecord&)>& check) override {
    auto tx = db_.tx();
    auto c = read_challenge(*tx, fields_, id, true);  // parallel guesses (on any relay) queue here
    if (!c) return std::nullopt;
    const OtpCheck verdict = check(*c);
    if (verdict == OtpCheck::none) return c;
    if (verdict == OtpCheck::wrong_attempt) {
      tx->query("UPDATE otp_challenges SET wrong_attempts = wrong_attempts + 1 WHERE id = ?", {id});
      ++c->wrong_attempts;
    } else {
      tx->query("UPDATE otp_challenges SET used = ? WHERE id = ?", {true, id});
      c->used = true;
    }
    tx->commit();
    return c;
  }

 private:
  Database& db_;
  Fields& fields_;
};

}  // namespace

std::unique_ptr<OtpStore> otp_store(Database& db, Fields& fields) { return std::make_unique<SqlOtpStore>(db, fields); }

}  // namespace foxo::relay::store::sql
