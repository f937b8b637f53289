#include "store/sqlite_retention_store.hpp"

namespace foxo::relay::store {
namespace {
// A closed case past its organisation's period at ?1 (now, in ms).
constexpr const char* kExpired =
    "c.status = 'closed' AND c.closed_at IS NOT NULL AND o.retention_days IS NOT NULL AND "
    "c.closed_at + o.retention_days * 86400000 <= ?1";
}  // namespace

std::vector<ExpiredCase> SqliteRetentionStore::expired_cases(TimeMs now, std::size_t limit) {
  auto s = db_.session();
  std::vector<ExpiredCase> out;
  {
    auto st = s.prepare(std::string("SELECT c.id, c.org_id FROM cases c JOIN organisations o ON o.id = c.org_id WHERE ") +
                        kExpired + " ORDER BY c.closed_at LIMIT ?2");
    st.bind_all(now, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back(ExpiredCase{st.text(0), st.text(1), {}});
  }
  for (auto& c : out) {
    auto st = s.prepare("SELECT blob_path FROM attachments WHERE case_id = ?");
    st.bind_all(c.case_id);
    while (st.step()) c.blob_paths.push_back(st.text(0));
  }
  return out;
}

bool SqliteRetentionStore::delete_case(std::string_view case_id, TimeMs now) {
  auto tx = db_.tx();
  {
    auto st = tx.prepare(std::string("SELECT 1 FROM cases c JOIN organisations o ON o.id = c.org_id WHERE c.id = ?2 AND ") +
                         kExpired);
    st.bind_all(now, case_id);
    if (!st.step()) return false;
  }
  for (const char* sql : {"DELETE FROM messages WHERE case_id = ?", "DELETE FROM attachments WHERE case_id = ?",
                          "DELETE FROM events WHERE case_id = ?", "DELETE FROM resume_tokens WHERE case_id = ?",
                          "DELETE FROM sms_outbox WHERE case_id = ?", "DELETE FROM otp_challenges WHERE case_id = ?",
                          "DELETE FROM cases WHERE id = ?"})
    tx.prepare(sql).bind_all(case_id).run();
  tx.commit();
  return true;
}

bool SqliteRetentionStore::set_retention_days(std::string_view org_slug, std::optional<int> days) {
  auto tx = db_.tx();
  auto st = tx.prepare("UPDATE organisations SET retention_days = ? WHERE slug = ?");
  if (days) st.bind_all(static_cast<std::int64_t>(*days), org_slug);
  else st.bind_all(nullptr, org_slug);
  st.run();
  const bool found = tx.changes() == 1;
  tx.commit();
  return found;
}

std::optional<std::optional<int>> SqliteRetentionStore::retention_days(std::string_view org_slug) {
  auto s = db_.session();
  auto st = s.prepare("SELECT retention_days FROM organisations WHERE slug = ?");
  st.bind_all(org_slug);
  if (!st.step()) return std::nullopt;
  if (st.is_null(0)) return std::optional<int>{};
  return std::optional<int>{static_cast<int>(st.i64(0))};
}

}  // namespace foxo::relay::store
