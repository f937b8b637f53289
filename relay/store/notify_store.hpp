// Time-driven case work kept in the store, so that it survives a restart:
// the unseen-activity SMS (cases.notify_due_at / notified_seq, the SMS outbox),
// resume links (resume_tokens: only the SHA-256 of each token), and the cases
// whose close request has run out (auto-close). The policy itself is pure
// (foxo/notify_policy.hpp) and applied by services/notifications through the
// callbacks below, inside the store's transactions.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/notify_policy.hpp"
#include "foxo/time.hpp"

namespace foxo::relay::store {

// One case as the notification policy sees it.
struct NotifyCase {
  std::string case_id, org_id, org_name, guest_id, guest_phone, status;
  NotifyState state;  // last_team_seq: newest staff/system message; guest_seen_seq: the guest's mark
};

// An SMS the policy wants sent for a case, decided inside the claim transaction.
struct NotifySms {
  std::string phone;
  std::string body;            // what goes out (holds the resume link)
  std::string stored_body;     // what the outbox keeps (the link's token left out)
  std::string token_hash;      // sha256 of the new resume token
};
struct NotifyDecision {
  NotifyState next;                 // stored as the case's new state
  std::optional<NotifySms> sms;     // claim this SMS (outbox row `pending`, committed before sending)
};
using NotifyDecide = std::function<NotifyDecision(const NotifyCase&)>;

// A claimed SMS: committed as `pending` in sms_outbox before it is handed to the gateway.
struct ClaimedSms {
  std::string outbox_id, case_id, org_id, phone, body;
  std::int64_t previous_notified_seq = 0;  // to re-arm after a definite, transient failure
  std::int64_t claimed_notified_seq = 0;
};

// The case a resume token points at.
struct ResumeTarget {
  std::string case_id, org_id, org_name, team_id, guest_id, guest_first_name, guest_last_name, guest_phone;
  std::optional<TimeMs> closed_at;
};

// The unseen-activity SMS work waiting, for /metrics and readiness.
struct NotifyQueueStats {
  std::int64_t scheduled = 0;           // cases with a notification SMS scheduled (due or not yet)
  std::int64_t due = 0;                 // of those, due at `now` and not yet handled
  std::optional<TimeMs> oldest_due_at;  // the earliest due time among the due ones
  std::int64_t outbox_pending = 0;      // SMS claimed and handed to the gateway, no answer recorded yet
};

class NotifyStore {
 public:
  virtual ~NotifyStore() = default;

  // The state of one case (nullopt: no such case).
  virtual std::optional<NotifyCase> notify_case(std::string_view case_id) = 0;
  // Applies `f` to one case's state in one transaction (after-commit callers of on_team_activity).
  virtual void update_case_state(std::string_view case_id,
                                 const std::function<NotifyState(const NotifyCase&)>& f) = 0;
  // Applies `f` to every open case of a guest in one transaction (stream opened/closed).
  // Returns how many cases changed.
  virtual int update_guest_cases(std::string_view guest_id,
                                 const std::function<NotifyState(const NotifyCase&)>& f) = 0;

  // In one transaction: every case whose notify_due_at <= now (oldest first,
  // at most `limit`) goes through `decide`; its new state is stored and, when
  // it asks for one, the SMS is claimed: a `pending` outbox row and the resume
  // token's hash. Returns the claimed SMS, for the caller to send after COMMIT.
  virtual std::vector<ClaimedSms> claim_due(TimeMs now, std::size_t limit, const NotifyDecide& decide) = 0;
  // After sending: `sent`, or `failed` with the error.
  virtual void finish_sms(std::string_view outbox_id, bool sent, std::string_view error, TimeMs now) = 0;
  // A definite failure worth retrying (the SMS did not leave): the batch is
  // due again at `due_at`, unless the case moved on since the claim.
  virtual void rearm(const ClaimedSms& c, TimeMs due_at) = 0;
  // At start: notification SMS left `pending` by a process that stopped
  // between claim and answer are marked `failed` (outcome unknown) and never
  // resent: at most once. Returns how many.
  virtual int abandon_pending(TimeMs now) = 0;

  // The case of a resume token (by its hash), or nullopt.
  virtual std::optional<ResumeTarget> resume_target(std::string_view token_hash) = 0;

  // What waits (one cheap read; also the readiness probe's store check).
  virtual std::optional<NotifyQueueStats> queue_stats(TimeMs now) = 0;

  // Cases still `close_requested` whose close was requested at or before `cutoff`, oldest first.
  virtual std::vector<std::string> close_requested_before(TimeMs cutoff, std::size_t limit) = 0;
};

}  // namespace foxo::relay::store
