// The conversation's pure decisions (issue 22, services/conversation_decisions.hpp):
// the typing throttle on an injected time, who hears typing and seen
// signals, notes, and whose queue position a change moves.
#include <gtest/gtest.h>

#include "services/conversation_decisions.hpp"

using namespace foxo;
using namespace foxo::relay;
using services::Actor;

namespace {

constexpr TimeMs kNow = 1'800'000'000'000;

store::CaseRecord waiting(std::string id, TimeMs created_at, std::string guest) {
  store::CaseRecord c;
  c.id = std::move(id);
  c.team_id = "team-1";
  c.org_id = "org-1";
  c.guest_id = std::move(guest);
  c.status = "waiting";
  c.created_at = created_at;
  return c;
}

Actor staff(std::string id, std::string name) {
  Actor a;
  a.viewer = Viewer{Side::staff, std::move(id), "org-1", {"team-1"}};
  a.name = std::move(name);
  return a;
}

Actor guest() {
  Actor a;
  a.viewer = Viewer{Side::guest, "guest-1", "org-1", {}};
  a.name = "Nguyễn Thảo";
  return a;
}

}  // namespace

TEST(TypingThrottle, OnePerTwoSecondsPerSessionAndCase) {
  services::TypingThrottle t;
  EXPECT_TRUE(t.allow("session-a", "case-1", kNow));
  EXPECT_FALSE(t.allow("session-a", "case-1", kNow + 1));
  EXPECT_FALSE(t.allow("session-a", "case-1", kNow + 1999));
  // Another case, another session: their own allowance.
  EXPECT_TRUE(t.allow("session-a", "case-2", kNow + 1));
  EXPECT_TRUE(t.allow("session-b", "case-1", kNow + 1));
  // Two seconds after the last one forwarded (not the last one dropped).
  EXPECT_TRUE(t.allow("session-a", "case-1", kNow + 2000));
  EXPECT_FALSE(t.allow("session-a", "case-1", kNow + 3999));
  EXPECT_TRUE(t.allow("session-a", "case-1", kNow + 4000));
}

TEST(TypingThrottle, StaysBoundedAndForgetsOnlyWhatSaysNothing) {
  services::TypingThrottle t;
  for (int i = 0; i < 999; ++i) EXPECT_TRUE(t.allow("s" + std::to_string(i), "c", kNow));
  EXPECT_TRUE(t.allow("fresh", "c", kNow + 1500));
  EXPECT_EQ(t.size(), 1000u);
  // Full: those older than the interval go; the fresh one still throttles.
  EXPECT_TRUE(t.allow("another", "c", kNow + 2500));
  EXPECT_EQ(t.size(), 2u);
  EXPECT_FALSE(t.allow("fresh", "c", kNow + 2600));
}

TEST(TypingThrottle, AClockThatWentBackDoesNotSilenceTheTypist) {
  services::TypingThrottle t;
  EXPECT_TRUE(t.allow("s", "c", kNow));
  EXPECT_TRUE(t.allow("s", "c", kNow - 60'000));
}

TEST(ConversationSignals, EachSideHearsOnlyTheOther) {
  EXPECT_EQ(services::audience_of(Side::guest), Side::staff);
  EXPECT_EQ(services::audience_of(Side::staff), Side::guest);
}

TEST(ConversationSignals, TypingIsForwardedOnlyFromWhoCouldSend) {
  auto c = waiting("case-1", kNow, "guest-1");
  c.guest_first_name = "Thảo";
  c.guest_last_name = "Nguyễn";
  // A waiting case: the guest may write, staff must claim first.
  EXPECT_TRUE(services::typing_forwarded(c, guest()));
  EXPECT_FALSE(services::typing_forwarded(c, staff("staff-1", "Ivy Intake")));
  c.status = "active";
  c.assignee_id = "staff-1";
  EXPECT_TRUE(services::typing_forwarded(c, staff("staff-1", "Ivy Intake")));
  EXPECT_FALSE(services::typing_forwarded(c, staff("staff-2", "ليلى الحسن")));  // reading, not holding it
  c.status = "closed";
  EXPECT_FALSE(services::typing_forwarded(c, guest()));
  EXPECT_FALSE(services::typing_forwarded(c, staff("staff-1", "Ivy Intake")));
  // The names the other side sees.
  EXPECT_EQ(services::typing_name(c, guest()), "Thảo");
  EXPECT_EQ(services::typing_name(c, staff("staff-3", "Γιώργος Παπαδόπουλος")), "Γιώργος Παπαδόπουλος");
}

TEST(ConversationNotes, AnyOpenCaseTakesANoteNoStatusChangesAClosedOneRefuses) {
  store::MessageDraft d{"staff", "staff-2", "王芳", "note-1", "Called the GP · اتصلت بالطبيب", std::nullopt};
  for (const char* status : {"waiting", "active", "close_requested"}) {
    auto c = waiting("case-1", kNow, "guest-1");
    c.status = status;
    const auto r = services::decide_add_note(c, d);
    ASSERT_TRUE(std::holds_alternative<store::CaseUpdate>(r)) << status;
    const auto& u = std::get<store::CaseUpdate>(r);
    ASSERT_EQ(u.messages.size(), 1u);
    EXPECT_TRUE(u.messages[0].internal);
    EXPECT_FALSE(u.status.has_value());
    EXPECT_FALSE(u.team_activity);  // never an SMS to the guest
    EXPECT_FALSE(u.case_event);
  }
  auto closed = waiting("case-1", kNow, "guest-1");
  closed.status = "closed";
  const auto r = services::decide_add_note(closed, d);
  ASSERT_TRUE(std::holds_alternative<Error>(r));
  EXPECT_EQ(std::get<Error>(r).code, ErrorCode::case_closed);
}

TEST(QueueMoves, TheGuestsBehindAClaimedCaseMoveUp) {
  // The queue after the claim of case "b" (created second): a, c, d remain.
  const std::vector<store::CaseRecord> queue{waiting("a", kNow, "ga"), waiting("c", kNow + 2, "gc"),
                                             waiting("d", kNow + 3, "gd")};
  auto claimed = waiting("b", kNow + 1, "gb");
  claimed.status = "active";
  const auto moves = services::queue_moves(queue, claimed);
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_EQ(queue[moves[0].index].id, "c");
  EXPECT_EQ(moves[0].position, 2);
  EXPECT_EQ(queue[moves[1].index].id, "d");
  EXPECT_EQ(moves[1].position, 3);
}

TEST(QueueMoves, ACaseBackInTheQueueMovesThoseBehindItDownANewOneMovesNobody) {
  // "b" released back to the queue keeps its place by when it was opened.
  const std::vector<store::CaseRecord> queue{waiting("a", kNow, "ga"), waiting("b", kNow + 1, "gb"),
                                             waiting("c", kNow + 2, "gc")};
  const auto moves = services::queue_moves(queue, queue[1]);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(queue[moves[0].index].id, "c");
  EXPECT_EQ(moves[0].position, 3);
  EXPECT_TRUE(services::queue_moves(queue, queue[2]).empty());  // the newest: nobody behind it
}

TEST(QueueMoves, TiesOnTheOpeningTimeGoByIdAsTheQueueDoes) {
  const std::vector<store::CaseRecord> queue{waiting("x1", kNow, "g1"), waiting("x3", kNow, "g3")};
  auto claimed = waiting("x2", kNow, "g2");
  claimed.status = "active";
  const auto moves = services::queue_moves(queue, claimed);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(queue[moves[0].index].id, "x3");
  EXPECT_EQ(moves[0].position, 2);
}
