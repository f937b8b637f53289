// Times in an organisation's time zone, from the system's zoneinfo
// (/usr/share/zoneinfo, package tzdata).
//
// Why Howard Hinnant's date/tz (Debian libhowardhinnant-date-dev, built with
// USE_OS_TZDB): GCC 12's libstdc++ has no std::chrono::tzdb (it arrived in
// libstdc++ 14), and this library is the reference implementation that
// C++20's time zones were standardised from, so moving to std::chrono later
// is a rename. It reads the system zoneinfo (updated with tzdata, not with
// the relay) and is thread-safe: the database loads once, each zone's
// transitions once under std::call_once. The alternative, glibc localtime_r
// with TZ, needs setenv("TZ") around each call, which races every other
// thread reading the environment or the time zone (tzset is process-wide).
#pragma once
#include <string>
#include <string_view>

#include "foxo/time.hpp"

namespace foxo::relay::transcripts {

// Whether `name` is an IANA zone the system knows (e.g. "Australia/Sydney").
bool known_time_zone(std::string_view name);

// "3 Dec 2026, 14:05:09 AEDT" in zone `name` (C locale month names; the
// zone's abbreviation, or its offset such as "+0530" where it has none).
// An unknown zone formats in UTC.
std::string format_local(TimeMs t, std::string_view name);
// "2026-12-03" in zone `name` (UTC when unknown).
std::string local_date(TimeMs t, std::string_view name);

}  // namespace foxo::relay::transcripts
