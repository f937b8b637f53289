// MfaStore: staff two-factor columns, recovery code hashes, half sign-ins
// (migration "staff two-factor sign-in" in store/migrations.cpp).
#include "store/mfa_store.hpp"

#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

class SqlMfaStore final : public MfaStore {
 public:
  explicit SqlMfaStore(Database& db) : db_(db) {}

  std::optional<StaffMfaRecord> staff_mfa(std::string_view staff_id) override {
    auto s = db_.read();
    auto rec = s->query("SELECT s.id, s.org_id, s.email, s.name, o.name, o.require_mfa, s.mfa_secret, "
                        "s.mfa_pending_secret, s.mfa_last_step FROM staff s JOIN organisations o ON o.id = s.org_id "
                        "WHERE s.id = ?",
                        {staff_id})
                   .one([](const Rows& r) {
                     StaffMfaRecord m;
                     m.staff_id = r.text(0);
                     m.org_id = r.text(1);
                     m.email = r.text(2);
                     m.name = r.text(3);
                     m.org_name = r.text(4);
                     m.org_requires_mfa = r.boolean(5);
                     m.secret = r.opt_text(6);
                     m.pending_secret = r.opt_text(7);
                     m.last_step = r.i64(8);
                     return m;
                   });
    if (!rec) return std::nullopt;
    rec->unused_recovery_hashes =
        s->query("SELECT code_hash FROM staff_recovery_codes WHERE staff_id = ? AND used_at IS NULL", {staff_id})
            .all([](const Rows& r) { return r.text(0); });
    return rec;
  }

  bool mfa_enrolment_required(std::string_view staff_id) override {
    return db_.read()
        ->query("SELECT o.require_mfa AND s.mfa_secret IS NULL FROM staff s JOIN organisations o ON o.id = s.org_id "
                "WHERE s.id = ?",
                {staff_id})
        .one([](const Rows& r) { return r.boolean(0); })
        .value_or(false);
  }

  void set_mfa_pending_secret(std::string_view staff_id, std::string_view secret_hex) override {
    db_.write("UPDATE staff SET mfa_pending_secret = ? WHERE id = ?", {secret_hex, staff_id});
  }

  bool confirm_mfa(std::string_view staff_id, std::string_view pending_hex, std::int64_t step,
                   const std::vector<std::string>& recovery_hashes) override {
    auto tx = db_.tx();
    const auto changed = tx->query("UPDATE staff SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, "
                                   "mfa_last_step = ? WHERE id = ? AND mfa_pending_secret = ?",
                                   {step, staff_id, pending_hex})
                             .changed();
    if (changed != 1) return false;
    tx->query("DELETE FROM staff_recovery_codes WHERE staff_id = ?", {staff_id});
    for (const auto& h : recovery_hashes)
      tx->query("INSERT INTO staff_recovery_codes (staff_id, code_hash, used_at) VALUES (?, ?, NULL)", {staff_id, h});
    tx->commit();
    return true;
  }

  bool use_mfa_step(std::string_view staff_id, std::string_view secret_hex, std::int64_t step) override {
    return db_.write("UPDATE staff SET mfa_last_step = ? WHERE id = ? AND mfa_secret = ? AND mfa_last_step < ?",
                     {step, staff_id, secret_hex, step}) == 1;
  }

  bool use_recovery_code(std::string_view staff_id, std::string_view code_hash, TimeMs now) override {
    return db_.write("UPDATE staff_recovery_codes SET used_at = ? WHERE staff_id = ? AND code_hash = ? AND "
                     "used_at IS NULL",
                     {now, staff_id, code_hash}) == 1;
  }

  bool reset_mfa(std::string_view staff_id) override {
    auto tx = db_.tx();
    const auto changed = tx->query("UPDATE staff SET mfa_secret = NULL, mfa_pending_secret = NULL, "
                                   "mfa_last_step = -1 WHERE id = ?",
                                   {staff_id})
                             .changed();
    tx->query("DELETE FROM staff_recovery_codes WHERE staff_id = ?", {staff_id});
    tx->query("DELETE FROM staff_mfa_logins WHERE staff_id = ?", {staff_id});
    tx->commit();
    return changed == 1;
  }

  bool set_org_require_mfa(std::string_view org_id, bool on) override {
    return db_.write("UPDATE organisations SET require_mfa = ? WHERE id = ?", {on, org_id}) == 1;
  }

  void create_mfa_login(const MfaLoginRecord& r) override {
    db_.write("INSERT INTO staff_mfa_logins (token_hash, staff_id, org_id, created_at) VALUES (?, ?, ?, ?)",
              {r.token_hash, r.staff_id, r.org_id, r.created_at});
  }

  std::optional<MfaLoginRecord> find_mfa_login(std::string_view token_hash) override {
    return db_.read()
        ->query("SELECT token_hash, staff_id, org_id, created_at FROM staff_mfa_logins WHERE token_hash = ?",
                {token_hash})
        .one([](const Rows& r) { return MfaLoginRecord{r.text(0), r.text(1), r.text(2), r.i64(3)}; });
  }

  void delete_mfa_login(std::string_view token_hash) override {
    db_.write("DELETE FROM staff_mfa_logins WHERE token_hash = ?", {token_hash});
  }

  void delete_mfa_logins_before(TimeMs before) override {
    db_.write("DELETE FROM staff_mfa_logins WHERE created_at < ?", {before});
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<MfaStore> mfa_store(Database& db) { return std::make_unique<SqlMfaStore>(db); }

}  // namespace foxo::relay::store::sql
