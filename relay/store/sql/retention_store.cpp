// RetentionStore: per-organisation deletion of closed cases past their period.
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::sql {
namespace {

// A closed case past its organisation's period at ?1 (now, in ms).
constexpr const char* kExpired =
    "c.status = 'closed' AND c.closed_at IS NOT NULL AND o.retention_days IS NOT NULL AND "
    "c.closed_at + o.retention_days * 86400000 <= ?1";

class SqlRetentionStore final : public RetentionStore {
 public:
  explicit SqlRetentionStore(Database& db) : db_(db) {}

  std::vector<ExpiredCase> expired_cases(TimeMs now, std::size_t limit) override {
    auto s = db_.session();
    auto out = s->query(std::string("SELECT c.id, c.org_id FROM cases c JOIN organisations o ON o.id = c.org_id "
                                    "WHERE ") + kExpired + " ORDER BY c.closed_at LIMIT ?2",
                        {now, limit})
                   .all([](const Rows& r) { return ExpiredCase{r.text(0), r.text(1), {}}; });
    for (auto& c : out)
      c.blob_paths = s->query("SELECT blob_path FROM attachments WHERE case_id = ?", {c.case_id})
                         .all([](const Rows& r) { return r.text(0); });
    return out;
  }

  bool delete_case(std::string_view case_id, TimeMs now) override {
    auto tx = db_.tx();
    // Re-checked under the case's row lock: two relays deleting the same case delete it once.
    if (!tx->query(std::string("SELECT 1 FROM cases c JOIN organisations o ON o.id = c.org_id WHERE c.id = ?2 AND ") +
                       kExpired + tx->dialect().lock_rows("c", false),
                   {now, case_id})
             .next())
      return false;
    for (const char* sql : {"DELETE FROM messages WHERE case_id = ?", "DELETE FROM attachments WHERE case_id = ?",
                            "DELETE FROM events WHERE case_id = ?", "DELETE FROM resume_tokens WHERE case_id = ?",
                            "DELETE FROM sms_outbox WHERE case_id = ?", "DELETE FROM otp_challenges WHERE case_id = ?",
                            "DELETE FROM case_terms WHERE case_id = ?", "DELETE FROM cases WHERE id = ?"})
      tx->query(sql, {case_id});
    tx->commit();
    return true;
  }

  bool set_retention_days(std::string_view org_slug, std::optional<int> days) override {
    return db_.write("UPDATE organisations SET retention_days = ? WHERE slug = ?", {days, org_slug}) == 1;
  }

  std::optional<std::optional<int>> retention_days(std::string_view org_slug) override {
    return db_.session()
        ->query("SELECT retention_days FROM organisations WHERE slug = ?", {org_slug})
        .one([](const Rows& r) {
          return r.is_null(0) ? std::optional<int>{} : std::optional<int>{static_cast<int>(r.i64(0))};
        });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<RetentionStore> retention_store(Database& db) { return std::make_unique<SqlRetentionStore>(db); }

}  // namespace foxo::relay::store::sql
