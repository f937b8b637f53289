// The SQLite NotifyStore over the shared Db, and the two helpers the case
// store uses to update a case's notification state inside its own transaction.
#pragma once
#include "store/notify_store.hpp"
#include "store/sqlite_db.hpp"

namespace foxo::relay::store {

// The case's unseen-activity SMS state as stored; last_team_seq is the newest
// message not written by the guest. A missing case reads as the empty state.
NotifyState read_notify_state(Session& s, std::string_view case_id);
// Stores notify_due_at and notified_seq (the other fields are derived).
void write_notify_state(Session& s, std::string_view case_id, const NotifyState& state);

class SqliteNotifyStore final : public NotifyStore {
 public:
  explicit SqliteNotifyStore(Db& db) : db_(db) {}

  std::optional<NotifyCase> notify_case(std::string_view case_id) override;
  void update_case_state(std::string_view case_id, const std::function<NotifyState(const NotifyCase&)>& f) override;
  int update_guest_cases(std::string_view guest_id, const std::function<NotifyState(const NotifyCase&)>& f) override;
  std::vector<ClaimedSms> claim_due(TimeMs now, std::size_t limit, const NotifyDecide& decide) override;
  void finish_sms(std::string_view outbox_id, bool sent, std::string_view error, TimeMs now) override;
  void rearm(const ClaimedSms& c, TimeMs due_at) override;
  int abandon_pending(TimeMs now) override;
  std::optional<ResumeTarget> resume_target(std::string_view token_hash) override;
  std::vector<std::string> close_requested_before(TimeMs cutoff, std::size_t limit) override;
  std::optional<NotifyQueueStats> queue_stats(TimeMs now) override;

 private:
  Db& db_;
};

}  // namespace foxo::relay::store
