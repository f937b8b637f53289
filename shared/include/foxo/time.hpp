// Time as a plain value. shared/ never reads a clock: callers pass `now`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace foxo {

// Milliseconds since the Unix epoch, UTC.
using TimeMs = std::int64_t;

constexpr TimeMs seconds(std::int64_t s) { return s * 1000; }
constexpr TimeMs minutes(std::int64_t m) { return m * 60 * 1000; }
constexpr TimeMs hours(std::int64_t h) { return h * 3600 * 1000; }
constexpr TimeMs days(std::int64_t d) { return d * 86400 * 1000; }

// RFC 3339 UTC with milliseconds: 2026-11-24T02:28:00.000Z
std::string format_rfc3339(TimeMs t);
// Accepts the form above with or without fraction, 'Z' or a numeric offset.
std::optional<TimeMs> parse_rfc3339(std::string_view s);

// Whole seconds from `now` until `t`, rounded up, never negative (Retry-After).
std::int64_t seconds_until(TimeMs now, TimeMs t);

}  // namespace foxo
