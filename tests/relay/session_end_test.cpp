// Why a session's streams end (services/sessions.hpp, session_end): from the
// session row as any relay reads it, without a store or clock.
#include <gtest/gtest.h>

#include "foxo/session_policy.hpp"
#include "services/sessions.hpp"

using namespace foxo;
using namespace foxo::relay;
using services::SessionEnd;

namespace {

constexpr TimeMs kStart = 1'800'000'000'000;

store::SessionRecord session(store::SessionKind kind) {
  return store::SessionRecord{"hash", kind, "subject-Nguyễn", "org", kStart, kStart, false, ""};
}

}  // namespace

TEST(SessionEndDecision, ALiveSessionHasNotEnded) {
  EXPECT_EQ(services::session_end(session(store::SessionKind::staff), kStart + minutes(59)), std::nullopt);
  EXPECT_EQ(services::session_end(session(store::SessionKind::guest), kStart + hours(7)), std::nullopt);
}

TEST(SessionEndDecision, EachSidesLimitsMakeItExpire) {
  EXPECT_EQ(services::session_end(session(store::SessionKind::staff), kStart + kStaffSession.idle),
            SessionEnd::expired);
  EXPECT_EQ(services::session_end(session(store::SessionKind::guest), kStart + kGuestSession.idle),
            SessionEnd::expired);
  auto busy = session(store::SessionKind::staff);
  busy.last_seen_at = kStart + kStaffSession.absolute - minutes(1);  // active all day: the absolute limit still holds
  EXPECT_EQ(services::session_end(busy, kStart + kStaffSession.absolute - minutes(2)), std::nullopt);
  EXPECT_EQ(services::session_end(busy, kStart + kStaffSession.absolute), SessionEnd::expired);
}

TEST(SessionEndDecision, ARevocationSaysWhyItWasRevoked) {
  for (const auto why : {SessionEnd::signed_out, SessionEnd::replaced, SessionEnd::revoked}) {
    auto s = session(store::SessionKind::guest);
    s.revoked = true;
    s.revoked_reason = services::to_string(why);
    EXPECT_EQ(services::session_end(s, kStart), why) << s.revoked_reason;
  }
  auto old = session(store::SessionKind::staff);
  old.revoked = true;  // revoked before reasons were kept
  EXPECT_EQ(services::session_end(old, kStart), SessionEnd::revoked);
  old.revoked_reason = "something newer";
  EXPECT_EQ(services::session_end(old, kStart), SessionEnd::revoked);
}

TEST(SessionEndDecision, ASessionWhoseRowIsGoneHasExpired) {
  EXPECT_EQ(services::session_end(std::nullopt, kStart), SessionEnd::expired);
}
