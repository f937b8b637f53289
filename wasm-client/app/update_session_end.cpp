// The session ends without a sign-out on this page (issue 20):
//  - the relay ends the live stream with `event: session_end` and a reason
//    (signed out in another window, expired, revoked): the bridge does not
//    reconnect (net/events.cpp); nothing of the person stays in storage or
//    memory, as after Sign out; the side's sign-in screen says why;
//  - any request of a signed-in page answered 401: the sign-in screen says
//    the session ended. The person's sealed records stay (issue 18: they open
//    only with the key the relay hands that person's next session, and the
//    outbox is sent then), since a 401 alone does not say the person left;
//  - staff idle notice: the relay's idle limit (kStaffSession, an hour) is
//    counted by the console from the person's last input, because the
//    console's own requests keep the relay's session alive. Five minutes
//    before the limit a notice counts down with "Stay signed in"; any input
//    dismisses it; at the limit the console signs out.
#include <algorithm>

#include "app/decode.hpp"
#include "app/update_parts.hpp"
#include "app/views.hpp"
#include "foxo/session_policy.hpp"

namespace foxo::client::core {

namespace {

constexpr double kIdleLimitMs = static_cast<double>(kStaffSession.idle);
constexpr double kRefreshEveryMs = 10 * 60 * 1000.0;

bool console_signed_in(const Model& m) { return m.nav.side == Side::staff && signed_in(m.nav); }

void sign_out_idle(Ctx& c) {
  Model& m = c.m();
  m.idle_notice = false;
  m.idle_deadline_ms = 0;
  forget_session(c);
  m.signing_out = true;  // the logout's answer clears it (update_storage.cpp)
  c.send(Call::staff_logout, "POST", "/api/v1/staff/logout", "{}");
  m.signed_out_reason = session_end_sentence("expired", Side::staff);
}

}  // namespace

void session_end_event(Ctx& c, const LiveEvent& e) {
  Model& m = c.m();
  // After a 401 put the page on its sign-in screen, the stream's own reason
  // is the better sentence (and the records go); on any other screen someone
  // may be signing in anew: an old stream's word does not concern them.
  if (!signed_in(m.nav) && !c.books().end_reason_due) return;
  c.books().end_reason_due = false;
  const json j = decode::parse(e.data);
  const std::string reason = j.is_object() ? j.value("reason", std::string()) : std::string();
  const Side side = m.nav.side;
  m.idle_notice = false;
  m.idle_deadline_ms = 0;
  forget_session(c);
  m.signed_out_reason = session_end_sentence(reason, side);
}

void session_answer(Ctx& c, const Response& r) {
  Model& m = c.m();
  if (r.status != 401 || !signed_in(m.nav)) return;
  if (r.call == Call::guest_logout || r.call == Call::staff_logout) return;  // signing out here: gone already
  m.idle_notice = false;
  m.idle_deadline_ms = 0;
  m.signed_out_reason = session_end_sentence("", m.nav.side);
  c.books().end_reason_due = true;
  navigate(c, nav::SignedOut{});
}

void idle_tick(Ctx& c) {
  Model& m = c.m();
  if (!console_signed_in(m)) {
    m.idle_deadline_ms = 0;
    m.idle_notice = false;
    return;
  }
  if (m.idle_deadline_ms <= 0) {  // the console just opened (its requests refreshed the relay's session)
    m.idle_deadline_ms = m.now_ms + kIdleLimitMs;
    c.books().refreshed_ms = m.now_ms;
  }
  if (m.now_ms >= m.idle_deadline_ms) {
    sign_out_idle(c);
    return;
  }
  m.idle_notice = m.now_ms >= m.idle_deadline_ms - kIdleNoticeMs;
}

void user_active(Ctx& c, const event::UserActive& a) {
  Model& m = c.m();
  if (!console_signed_in(m)) return;
  const double at = std::max(a.at_ms, m.now_ms);
  m.idle_deadline_ms = at + kIdleLimitMs;
  // The person is here: the relay's idle timer must know too, or it could
  // end a session the console keeps. Dismissing the notice (the press of
  // Stay signed in is such an input, and takes it away before the button
  // sees its release) refreshes it at once; other input at most every 10
  // minutes.
  Books& b = c.books();
  if (m.idle_notice || at - b.refreshed_ms >= kRefreshEveryMs) {
    b.refreshed_ms = at;
    c.send(Call::staff_keepalive, "GET", "/api/v1/staff/me");
  }
  m.idle_notice = false;
}

void session_end_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (!std::holds_alternative<intent::StaySignedIn>(intent) || !console_signed_in(m)) return;
  m.idle_deadline_ms = m.now_ms + kIdleLimitMs;
  m.idle_notice = false;
  c.books().refreshed_ms = m.now_ms;
  // A request refreshes the relay's session too (its last_seen). Not as
  // Call::staff_me: that answer is a sign-in, which would load the console again.
  c.send(Call::staff_keepalive, "GET", "/api/v1/staff/me");
}

void session_end_after_frame(Ctx& c) {
  if (!signed_in(c.m().nav)) return;
  c.m().signed_out_reason.clear();
  c.books().end_reason_due = false;
}

}  // namespace foxo::client::core
