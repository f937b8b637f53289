// When a guest who is away gets an SMS about Team activity (docs/API.md,
// "Unseen-activity SMS"): one SMS per unseen batch, at most 5 minutes after the
// activity, none while the guest has an open event stream or has seen it.
// If the stream was open when the activity came and closes with it still
// unseen, the 5 minutes run from the close.
//
// State per case, updated by events (lager style); the relay persists it
// (notify_due_at, notified_seq) and the scheduler sends when due.
#pragma once
#include <cstdint>
#include <optional>

#include "foxo/time.hpp"

namespace foxo {

// How long the relay waits for the guest to see the activity by themselves
// before texting: short enough that the SMS always leaves inside 5 minutes
// even with the scheduler's tick, long enough to skip an SMS when the guest
// is only reconnecting.
constexpr TimeMs kNotifyGrace = minutes(2);
// The scheduler looks for due work at least this often.
constexpr TimeMs kSchedulerTick = seconds(30);
static_assert(kNotifyGrace + kSchedulerTick < minutes(5), "the SMS must leave within 5 minutes");

struct NotifyState {
  std::int64_t last_team_seq = 0;   // newest staff/system message the guest should know about
  std::int64_t guest_seen_seq = 0;  // what the guest has seen
  std::int64_t notified_seq = 0;    // the seq the last SMS covered (0: none yet)
  std::optional<TimeMs> due_at;     // when an SMS is due, if one is
};

// The guest has unseen Team activity.
inline bool has_unseen(const NotifyState& s) { return s.last_team_seq > s.guest_seen_seq; }
// An SMS was sent for a batch the guest has not seen yet: stay quiet.
inline bool batch_already_notified(const NotifyState& s) {
  return s.notified_seq > s.guest_seen_seq;
}

// Team activity (staff message, attachment, close request) committed as `seq` at `now`.
NotifyState on_team_activity(NotifyState s, std::int64_t seq, TimeMs now, bool guest_stream_open);
// The guest saw up to `seq` (POST /seen, or reading the case).
NotifyState on_guest_seen(NotifyState s, std::int64_t seq);
// The guest's last open stream opened / closed.
NotifyState on_guest_stream_opened(NotifyState s);
NotifyState on_guest_stream_closed(NotifyState s, TimeMs now);
// The SMS went out (or was definitively refused): the batch is covered.
NotifyState on_sms_sent(NotifyState s);
// Due now?
inline bool sms_due(const NotifyState& s, TimeMs now) { return s.due_at && now >= *s.due_at; }

}  // namespace foxo
