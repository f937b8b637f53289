// The session ends without a sign-out on this page (issue 20): the relay's
// session_end frame (signed out elsewhere, expired, revoked) or a 401 puts
// the person on their side's sign-in screen with a sentence saying why, the
// stream stays closed and, for session_end, nothing of the person is kept.
// The staff idle notice: 5 minutes before the hour without input, a
// countdown with Stay signed in; at the hour, signed out.
#include "app/outbox.hpp"
#include "harness.hpp"

namespace foxo::client::test {
namespace {

const StaffInfo kMe{"st-1", "Παπαδόπουλος Νίκος", "nikos@demo.test", {"intake"}, false};
constexpr double kMinute = 60 * 1000.0;

LiveEvent session_end(const std::string& reason) {
  return LiveEvent{LiveEvent::Kind::session_end, "", json{{"reason", reason}}.dump()};
}

Harness console() {
  Harness h;
  h.on(event::Started{"/staff", false, ""});
  h.tick(1000);
  h.answer(Call::staff_me, 200, signed_in_body("staff", kMe, "s-st1", "k-st1"));
  h.on(unsealed("s-st1"));
  h.answer(Call::staff_queue, 200, json{{"cases", json::array()}});
  h.tick(1000);  // the first tick on the console starts the idle count
  return h;
}

// A guest in a chat with a message unsent and a draft typed.
Harness guest_with_unsent() {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::SendMessage{"Chào chị 🌸 còn đó không?"});
  h.answer(Call::case_message, 0, nullptr, "cid1");
  h.state.ui.message = "Bản nháp ✍️";
  h.frame();
  return h;
}

template <class E>
bool has(const Harness& h, const E& want) {
  for (const auto& e : h.all<E>())
    if (e == want) return true;
  return false;
}

bool says(const Harness& h, const std::string& line) {
  for (const auto& l : live_lines(h.m()))
    if (l == line) return true;
  return false;
}

TEST(ClientSessionEnd, AGuestSignedOutElsewhereLandsOnTheTeamsStartWithNothingKept) {
  for (const auto& [reason, sentence] : std::vector<std::pair<std::string, std::string>>{
           {"signed_out", "You signed out in another window."},
           {"expired", "Your session ended after a long time without activity. Please sign in again."},
           {"revoked", "Your access has ended. Please sign in again."},
           {"something_new", "Your session has ended. Please sign in again."}}) {
    SCOPED_TRACE(reason);
    Harness h = guest_with_unsent();
    ASSERT_EQ(h.m().outbox.size(), 1u);
    h.on(session_end(reason));
    EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
    EXPECT_EQ(h.m().nav.team, "intake") << "the team's own start screen";
    EXPECT_EQ(h.m().signed_out_reason, sentence);
    EXPECT_TRUE(says(h, sentence));
    EXPECT_TRUE(has(h, effect::CloseStream{}));
    EXPECT_TRUE(has(h, effect::ForgetStored{"", true})) << "the sealed outbox and drafts go";
    EXPECT_TRUE(h.m().outbox.empty());
    EXPECT_TRUE(h.state.ui.message.empty());
    EXPECT_TRUE(h.m().guest_first.empty());
    EXPECT_EQ(h.state.books.store.key, "");
    EXPECT_TRUE(h.requests().empty()) << "no logout: the session is gone already";
    h.frame();
    EXPECT_TRUE(h.all<effect::OpenStream>().empty()) << "no new stream";
  }
}

TEST(ClientSessionEnd, StaffLandOnStaffSignInWithTheirSentence) {
  for (const auto& [reason, sentence] : std::vector<std::pair<std::string, std::string>>{
           {"signed_out", "You signed out in another window."},
           {"expired", "You were signed out after an hour without activity."},
           {"revoked", "Your access has ended. Please sign in again."}}) {
    SCOPED_TRACE(reason);
    Harness h = console();
    h.on(session_end(reason));
    EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
    EXPECT_EQ(h.m().signed_out_reason, sentence);
    EXPECT_TRUE(says(h, sentence));
    EXPECT_TRUE(has(h, effect::CloseStream{}));
    EXPECT_TRUE(has(h, effect::ForgetStored{"", true}));
    EXPECT_TRUE(h.m().staff_name.empty());
    EXPECT_EQ(h.m().idle_deadline_ms, 0) << "no idle count off the console";
  }
}

TEST(ClientSessionEnd, ASentenceStaysUntilSomeoneSignsInAgain) {
  Harness h = console();
  h.on(session_end("signed_out"));
  h.frame();
  EXPECT_EQ(h.m().signed_out_reason, "You signed out in another window.");
  h.intent(intent::StaffSignIn{"nikos@demo.test", "demo-password"});
  h.answer(Call::staff_login, 200, signed_in_body("staff", kMe, "s-st1", "k-st1"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
  h.frame();
  EXPECT_EQ(h.m().signed_out_reason, "");
}

TEST(ClientSessionEnd, A401WhileSignedInSaysTheSessionEndedAndKeepsTheSealedOutbox) {
  Harness h = guest_with_unsent();
  h.answer(Call::guest_cases, 401, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::guest_register);
  EXPECT_EQ(h.m().signed_out_reason, "Your session has ended. Please sign in again.");
  EXPECT_TRUE(has(h, effect::CloseStream{}));
  EXPECT_FALSE(has(h, effect::ForgetStored{"", true}))
      << "sealed under the person's key, sent when they sign in again (issue 18)";
  // The stream's own word, arriving after, is the better sentence, and the records go.
  h.on(session_end("revoked"));
  EXPECT_EQ(h.m().signed_out_reason, "Your access has ended. Please sign in again.");
  EXPECT_TRUE(has(h, effect::ForgetStored{"", true}));
  EXPECT_TRUE(h.m().outbox.empty());
}

TEST(ClientSessionEnd, AnOldStreamsWordDoesNotTouchSomeoneSigningIn) {
  Harness h;
  h.on(event::Started{"/t/intake", false, ""});
  h.answer(Call::guest_me, 401, nullptr);
  ASSERT_EQ(h.m().nav.screen, Screen::guest_register);
  EXPECT_EQ(h.m().signed_out_reason, "") << "a first visit says nothing";
  h.on(session_end("expired"));
  EXPECT_EQ(h.m().signed_out_reason, "");
  EXPECT_TRUE(h.effects.empty());
}

TEST(ClientSessionEnd, SigningOutHereIsNotAnEndedSession) {
  Harness h = console();
  h.intent(intent::SignOut{false});
  h.answer(Call::staff_logout, 401, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
  EXPECT_EQ(h.m().signed_out_reason, "");
}

// ---- The staff idle notice ----------------------------------------------------

TEST(ClientIdle, TheNoticeComesFiveMinutesBeforeTheHourAndInputDismissesIt) {
  Harness h = console();
  const double start = 1000;
  EXPECT_EQ(h.m().idle_deadline_ms, start + 60 * kMinute);
  EXPECT_EQ(next_wakeup_ms(h.m()), start + 55 * kMinute) << "the next frame needed is the notice's";
  h.tick(start + 55 * kMinute - 1);
  EXPECT_FALSE(h.m().idle_notice);
  h.tick(start + 55 * kMinute);
  EXPECT_TRUE(h.m().idle_notice);
  EXPECT_EQ(idle_notice_text(h.m()).substr(0, 31), "You will be signed out in 5:00 ");
  EXPECT_TRUE(says(h, kIdleNoticeLine));
  EXPECT_EQ(next_wakeup_ms(h.m()), start + 55 * kMinute + 1000) << "the countdown ticks once a second";
  h.tick(start + 55 * kMinute + 1500);
  EXPECT_EQ(idle_notice_text(h.m()).substr(0, 31), "You will be signed out in 4:59 ");
  EXPECT_EQ(next_wakeup_ms(h.m()), start + 55 * kMinute + 2000);

  // Any input: the count starts again from then, and the relay hears of it.
  h.on(event::UserActive{start + 56 * kMinute});
  EXPECT_FALSE(h.m().idle_notice);
  EXPECT_EQ(h.request(Call::staff_keepalive).path, "/api/v1/staff/me");
  EXPECT_EQ(h.m().idle_deadline_ms, start + 116 * kMinute);
  h.tick(start + 60 * kMinute);
  EXPECT_FALSE(h.m().idle_notice);
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue) << "not signed out at the first hour";
}

TEST(ClientIdle, OurOwnLogoutsSessionEndDoesNotChangeTheIdleSentence) {
  Harness h = console();
  h.tick(1000 + 60 * kMinute);
  ASSERT_EQ(h.m().nav.screen, Screen::staff_login);
  h.on(session_end("signed_out"));  // the logout the console just sent ends the stream
  EXPECT_EQ(h.m().signed_out_reason, "You were signed out after an hour without activity.");
}

TEST(ClientIdle, InputRefreshesTheRelaysSessionAtMostEveryTenMinutes) {
  Harness h = console();
  h.tick(1000 + 3 * kMinute);
  h.on(event::UserActive{1000 + 3 * kMinute});
  EXPECT_FALSE(h.requested(Call::staff_keepalive)) << "the console's own requests refreshed it just now";
  h.tick(1000 + 10 * kMinute);
  h.on(event::UserActive{1000 + 10 * kMinute});
  EXPECT_TRUE(h.requested(Call::staff_keepalive));
  h.tick(1000 + 15 * kMinute);
  h.on(event::UserActive{1000 + 15 * kMinute});
  EXPECT_FALSE(h.requested(Call::staff_keepalive));
  h.tick(1000 + 20 * kMinute);
  h.on(event::UserActive{1000 + 20 * kMinute});
  EXPECT_TRUE(h.requested(Call::staff_keepalive));
}

TEST(ClientIdle, StaySignedInRefreshesTheRelaysSessionToo) {
  Harness h = console();
  h.tick(1000 + 57 * kMinute);
  ASSERT_TRUE(h.m().idle_notice);
  h.intent(intent::StaySignedIn{});
  EXPECT_FALSE(h.m().idle_notice);
  const auto me = h.request(Call::staff_keepalive);
  EXPECT_EQ(me.method, "GET");
  EXPECT_EQ(me.path, "/api/v1/staff/me");
  EXPECT_EQ(h.m().idle_deadline_ms, 1000 + 117 * kMinute);
  h.answer(Call::staff_keepalive, 200, signed_in_body("staff", kMe, "s-st1", "k-st1"));
  EXPECT_EQ(h.m().nav.screen, Screen::staff_queue);
  // Only the relay's timer: the console is not loaded again as after a sign-in
  // (that would reset the lists and the keyboard focus under the person).
  EXPECT_FALSE(h.requested(Call::staff_queue));
  EXPECT_FALSE(h.requested(Call::staff_cases));
}

TEST(ClientIdle, AtTheHourTheConsoleSignsOutAndSaysWhy) {
  Harness h = console();
  h.tick(1000 + 55 * kMinute);
  h.tick(1000 + 60 * kMinute);
  EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
  EXPECT_FALSE(h.m().idle_notice);
  EXPECT_EQ(h.m().signed_out_reason, "You were signed out after an hour without activity.");
  const auto logout = h.request(Call::staff_logout);
  EXPECT_EQ(logout.method, "POST");
  EXPECT_EQ(logout.path, "/api/v1/staff/logout");
  EXPECT_TRUE(has(h, effect::ForgetStored{"", true}));
  EXPECT_TRUE(has(h, effect::CloseStream{}));
  h.answer(Call::staff_logout, 204, nullptr);
  EXPECT_EQ(h.m().nav.screen, Screen::staff_login);
  EXPECT_EQ(h.m().signed_out_reason, "You were signed out after an hour without activity.");
  EXPECT_EQ(next_wakeup_ms(h.m()), 0);
}

TEST(ClientIdle, GuestsHaveNoIdleNotice) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.tick(1000 + 61 * kMinute);
  EXPECT_FALSE(h.m().idle_notice);
  EXPECT_EQ(h.m().nav.screen, Screen::chat);
  EXPECT_EQ(h.m().idle_deadline_ms, 0);
}

}  // namespace
}  // namespace foxo::client::test
