// Session lifetime rules (docs/SECURITY.md): idle and absolute timeouts per kind.
#pragma once
#include "foxo/time.hpp"

namespace foxo {

struct SessionLimits {
  TimeMs idle;
  TimeMs absolute;
};
constexpr SessionLimits kGuestSession{hours(8), days(14)};
constexpr SessionLimits kStaffSession{hours(1), hours(12)};

// A session is alive while neither limit has passed.
inline bool session_alive(const SessionLimits& l, TimeMs created_at, TimeMs last_seen_at, TimeMs now) {
  return now < created_at + l.absolute && now < last_seen_at + l.idle;
}

// Refreshing last_seen on every request would turn reads into writes; once a
// minute is precise enough for an hour-long idle limit.
constexpr TimeMs kSessionTouchInterval = minutes(1);

}  // namespace foxo
