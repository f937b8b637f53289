// MfaStore: staff two-factor columns, recovery code hashes, half sign-ins
// (migration "staff two-factor sign-in" in store/migrations.cpp). The TOTP
// secrets are sealed (store/sql/fields.hpp) under the member's organisation,
// both columns with one binding ("staff.mfa:<id>"), since confirming moves
// the pending secret into place as it is. Conditions on a secret compare
// the opened value, under the row's lock.
#include "store/mfa_store.hpp"

#include "core/crypto.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

std::string mfa_at(std::string_view staff_id) { return "staff.mfa:" + std::string(staff_id); }

class SqlMfaStore final : public MfaStore {
 public:
  SqlMfaStore(Database& db, Fields& fields) : db_(db), fields_(fields) {}

  std::optional<StaffMfaRecord> staff_mfa(std::string_view staff_id) override {
    auto s = db_.read();
    auto rec = s->query("SELECT s.id, s.org_id, s.email, s.name, o.name, o.require_mfa, s.mfa_secret, "
                        "s.mfa_pending_secret, s.mfa_last_step FROM staff s JOIN organisations o ON o.id = s.org_id "
                        "WHERE s.id = ?",
                        {staff_id})
                   .one([&](const Rows& r) {
                     StaffMfaRecord m;
                     m.staff_id = r.text(0);
                     m.org_id = r.text(1);
                     m.email = r.text(2);
                     m.name = r.text(3);
                     m.org_name = r.text(4);
                     m.org_requires_mfa = r.boolean(5);
                     m.secret = fields_.open_opt(*s, m.org_id, mfa_at(m.staff_id), r.opt_text(6));
                     m.pending_secret = fields_.open_opt(*s, m.org_id, mfa_at(m.staff_id), r.opt_text(7));
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
    auto tx = db_.tx();
    const auto org = tx->query("SELECT org_id FROM staff WHERE id = ?", {staff_id}).one([](const Rows& r) {
      return r.text(0);
    });
    if (!org) return;
    // key_gen: the older of the two secrets' generations (a pending one is always the current).
    const auto k = fields_.key_for(*tx, *org);
    tx->query(std::string("UPDATE staff SET mfa_pending_secret = ?, key_gen = ") +
                  "CASE WHEN mfa_secret IS NULL THEN ? ELSE key_gen END WHERE id = ?",
              {fields_.seal(k, mfa_at(staff_id), secret_hex), static_cast<std::int64_t>(k.id), staff_id});
    tx->commit();
  }

  bool confirm_mfa(std::string_view staff_id, std::string_view pending_hex, std::int64_t step,
                   const std::vector<std::string>& recovery_hashes) override {
    auto tx = db_.tx();
    // The pending secret the caller checked the code against is still the one stored.
    const auto pending = locked_secret(*tx, staff_id, "mfa_pending_secret");
    if (!pending || !equal_ct(pending->second, pending_hex)) return false;
    const auto changed = tx->query("UPDATE staff SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, "
                                   "mfa_last_step = ? WHERE id = ? AND mfa_pending_secret = ?",
                                   {step, staff_id, pending->first})
                             .changed();
    if (changed != 1) return false;
    tx->query("DELETE FROM staff_recovery_codes WHERE staff_id = ?", {staff_id});
    for (const auto& h : recovery_hashes)
      tx->query("INSERT INTO staff_recovery_codes (staff_id, code_hash, used_at) VALUES (?, ?, NULL)", {staff_id, h});
    tx->commit();
    return true;
  }

  bool use_mfa_step(std::string_view staff_id, std::string_view secret_hex, std::int64_t step) override {
    auto tx = db_.tx();
    // The secret the code was checked against is still the member's (no reset since).
    const auto secret = locked_secret(*tx, staff_id, "mfa_secret");
    if (!secret || !equal_ct(secret->second, secret_hex)) return false;
    if (tx->query("UPDATE staff SET mfa_last_step = ? WHERE id = ? AND mfa_secret = ? AND mfa_last_step < ?",
                  {step, staff_id, secret->first, step})
            .changed() != 1)
      return false;
    tx->commit();
    return true;
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
  // A secret column of the member's row, locked: (as stored, opened); nullopt when empty.
  std::optional<std::pair<std::string, std::string>> locked_secret(Session& tx, std::string_view staff_id,
                                                                   const char* column) {
    const auto row = tx.query(std::string("SELECT org_id, ") + column + " FROM staff WHERE id = ?" +
                                  tx.dialect().lock_rows("", false),
                              {staff_id})
                         .one([](const Rows& r) { return std::make_pair(r.text(0), r.opt_text(1)); });
    if (!row || !row->second) return std::nullopt;
    auto plain = fields_.try_open(tx, row->first, mfa_at(staff_id), *row->second);
    if (!plain) return std::nullopt;
    return std::make_pair(*row->second, std::move(*plain));
  }
  Database& db_;
  Fields& fields_;
};

}  // namespace

std::unique_ptr<MfaStore> mfa_store(Database& db, Fields& fields) { return std::make_unique<SqlMfaStore>(db, fields); }

}  // namespace foxo::relay::store::sql
