#include <gtest/gtest.h>

#include "foxo/notify_policy.hpp"

using namespace foxo;

namespace {
constexpr TimeMs T0 = 1'800'000'000'000;
}

TEST(NotifyPolicy, AwayGuestGetsOneSmsWithinFiveMinutes) {
  NotifyState s = on_team_activity({}, 3, T0, /*open=*/false);
  ASSERT_TRUE(s.due_at);
  EXPECT_LE(*s.due_at + kSchedulerTick, T0 + minutes(5));
  EXPECT_FALSE(sms_due(s, T0));
  EXPECT_TRUE(sms_due(s, *s.due_at));
  s = on_sms_sent(s);
  EXPECT_EQ(s.notified_seq, 3);
  EXPECT_FALSE(s.due_at);
  // More activity before the guest has looked: no second SMS.
  s = on_team_activity(s, 4, T0 + minutes(10), false);
  EXPECT_FALSE(s.due_at);
  s = on_team_activity(s, 5, T0 + hours(5), false);
  EXPECT_FALSE(s.due_at);
}

TEST(NotifyPolicy, AfterTheGuestHasSeenANewBatchNotifiesAgain) {
  NotifyState s = on_sms_sent(on_team_activity({}, 3, T0, false));
  s = on_guest_seen(s, 3);
  s = on_team_activity(s, 5, T0 + hours(1), false);
  ASSERT_TRUE(s.due_at);
  EXPECT_EQ(*s.due_at, T0 + hours(1) + kNotifyGrace);
}

TEST(NotifyPolicy, SeeingItBeforeTheGraceEndsCancels) {
  NotifyState s = on_team_activity({}, 3, T0, false);
  s = on_guest_seen(s, 2);
  EXPECT_TRUE(s.due_at);  // still something unseen
  s = on_guest_seen(s, 3);
  EXPECT_FALSE(s.due_at);
}

TEST(NotifyPolicy, NothingWhileTheStreamIsOpenThenFromTheClose) {
  NotifyState s = on_team_activity({}, 3, T0, /*open=*/true);
  EXPECT_FALSE(s.due_at);
  s = on_guest_stream_closed(s, T0 + minutes(30));
  ASSERT_TRUE(s.due_at);
  EXPECT_EQ(*s.due_at, T0 + minutes(30) + kNotifyGrace);
  // Closing after having seen everything: nothing.
  NotifyState t = on_guest_seen(on_team_activity({}, 3, T0, true), 3);
  EXPECT_FALSE(on_guest_stream_closed(t, T0 + minutes(1)).due_at);
}

TEST(NotifyPolicy, OpeningAStreamCancelsAPendingSms) {
  NotifyState s = on_team_activity({}, 3, T0, false);
  s = on_guest_stream_opened(s);
  EXPECT_FALSE(s.due_at);
  s = on_guest_stream_closed(s, T0 + minutes(1));
  EXPECT_EQ(s.due_at, T0 + minutes(1) + kNotifyGrace);
}

TEST(NotifyPolicy, ActivityTimeIsNotMovedByLaterActivity) {
  NotifyState s = on_team_activity({}, 3, T0, false);
  s = on_team_activity(s, 4, T0 + minutes(1), false);
  EXPECT_EQ(s.due_at, T0 + kNotifyGrace);  // the first activity's deadline holds
  EXPECT_EQ(s.last_team_seq, 4);
  s = on_sms_sent(s);
  EXPECT_EQ(s.notified_seq, 4);  // one SMS covers the whole batch
}
