#include "foxo/notify_policy.hpp"

#include <algorithm>

namespace foxo {

NotifyState on_team_activity(NotifyState s, std::int64_t seq, TimeMs now, bool guest_stream_open) {
  s.last_team_seq = std::max(s.last_team_seq, seq);
  // Already waiting, or already texted about an unseen batch: one SMS per batch.
  if (s.due_at || batch_already_notified(s) || guest_stream_open) return s;
  s.due_at = now + kNotifyGrace;
  return s;
}

NotifyState on_guest_seen(NotifyState s, std::int64_t seq) {
  s.guest_seen_seq = std::max(s.guest_seen_seq, seq);
  if (!has_unseen(s)) s.due_at.reset();
  return s;
}

NotifyState on_guest_stream_opened(NotifyState s) {
  // The guest is here: they will see it live. Should the stream close with
  // the activity still unseen, on_guest_stream_closed schedules again.
  s.due_at.reset();
  return s;
}

NotifyState on_guest_stream_closed(NotifyState s, TimeMs now) {
  if (has_unseen(s) && !batch_already_notified(s) && !s.due_at) s.due_at = now + kNotifyGrace;
  return s;
}

NotifyState on_sms_sent(NotifyState s) {
  s.notified_seq = s.last_team_seq;
  s.due_at.reset();
  return s;
}

}  // namespace foxo
