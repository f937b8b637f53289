#include <gtest/gtest.h>

#include "foxo/time.hpp"

using namespace foxo;

TEST(Time, FormatsEpochAndKnownDates) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(1795487280123), "2026-11-24T02:28:00.123Z");
  EXPECT_EQ(format_rfc3339(951782400000), "2000-02-29T00:00:00.000Z");  // leap day
}

TEST(Time, ParseRoundTripsAndOffsets) {
  for (TimeMs t : {TimeMs{0}, TimeMs{1795487280123}, TimeMs{951782400000}, TimeMs{4102444799999}})
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t);
  EXPECT_EQ(parse_rfc3339("2026-11-24T12:28:00+10:00"), parse_rfc3339("2026-11-24T02:28:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-11-24T02:28:00.5Z"), *parse_rfc3339("2026-11-24T02:28:00Z") + 500);
}

TEST(Time, ParseRejectsMalformed) {
  for (const char* s : {"", "2026-11-24", "2026-13-01T00:00:00Z", "2026-11-24T02:28:00", "2026-11-24T02:28:00Zjunk",
                        "2026-11-24 02:28:00Z", "2026-11-24T25:00:00Z", "2026-11-24T02:28:00.Z"})
    EXPECT_FALSE(parse_rfc3339(s).has_value()) << s;
}

TEST(Time, SecondsUntilRoundsUpAndNeverNegative) {
  EXPECT_EQ(seconds_until(0, 1), 1);
  EXPECT_EQ(seconds_until(0, 1000), 1);
  EXPECT_EQ(seconds_until(0, 1001), 2);
  EXPECT_EQ(seconds_until(5000, 1000), 0);
}

#include "foxo/session_policy.hpp"

TEST(SessionPolicy, IdleAndAbsoluteLimits) {
  const TimeMs t0 = 1'000'000'000;
  EXPECT_TRUE(session_alive(kStaffSession, t0, t0, t0 + hours(1) - 1));
  EXPECT_FALSE(session_alive(kStaffSession, t0, t0, t0 + hours(1)));
  // Active all day, a staff session still ends 12 h after sign-in.
  EXPECT_TRUE(session_alive(kStaffSession, t0, t0 + hours(11), t0 + hours(12) - 1));
  EXPECT_FALSE(session_alive(kStaffSession, t0, t0 + hours(12) - 1, t0 + hours(12)));
  EXPECT_TRUE(session_alive(kGuestSession, t0, t0 + days(13), t0 + days(13) + hours(7)));
  EXPECT_FALSE(session_alive(kGuestSession, t0, t0 + days(13), t0 + days(13) + hours(8)));
  EXPECT_FALSE(session_alive(kGuestSession, t0, t0 + days(14) - 1, t0 + days(14)));
}
