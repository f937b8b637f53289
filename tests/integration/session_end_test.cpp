// A session's event streams end when the session does (docs/API.md, "Live
// events": `session_end`): on sign-out, at once and with the reason; when the
// idle limit passes (dev clock); not for a guest whose cookie a new sign-in
// of the same person replaced (those streams end cleanly and resume with the
// new cookie); and, with several relays, when the sign-out happened on the
// other relay. Colleagues' and other devices' streams stay open throughout.
#include <gtest/gtest.h>

#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kIvy = "intake1@demo.test";

// The reason of the stream's session_end frame, "" if it has none.
std::string end_reason(SseClient& s) {
  for (const auto& e : s.events())
    if (e.event == "session_end") return e.data.value("reason", "?");
  return "";
}

// Another session's stream is still live: it receives the claim of a
// waiting case that `staff_cookie` makes now.
void expect_still_live(const RelayProcess& relay, SseClient& stream, const std::string& staff_cookie) {
  const auto g = load_guests(relay, "intake", 1)[0];
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), staff_cookie).status, 200);
  EXPECT_TRUE(stream.wait_for([&](const std::vector<SseClient::Event>& evs) {
    for (const auto& e : evs)
      if (e.event == "case" && e.data["id"] == g.case_id && e.data["status"] == "active") return true;
    return false;
  })) << "a stream of another session ended too";
}

// Both relays must open each other's sealed rows: one key for both.
RelayProcess::Options on_database(const std::string& url) {
  RelayProcess::Options o;
  o.store_url = url;
  o.env = {{"FOXO_ATTACHMENT_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}};
  return o;
}

bool pg_run() { return !test_pg_server().empty(); }

}  // namespace

TEST(SessionEnd, StaffSignOutEndsEveryStreamOfThatSessionWithItsReason) {
  RelayProcess relay;
  const auto ivy = relay.staff_cookie(kIvy);
  const auto ivy_elsewhere = relay.staff_cookie(kIvy);  // the same person on a second computer
  SseClient tab1(relay.port(), ivy), tab2(relay.port(), ivy), other(relay.port(), ivy_elsewhere);
  for (auto* s : {&tab1, &tab2, &other}) ASSERT_TRUE(s->wait_connected());

  ASSERT_EQ(relay.post("/api/v1/staff/logout", json::object(), ivy).status, 204);
  for (auto* s : {&tab1, &tab2}) {
    ASSERT_TRUE(s->wait_ended(std::chrono::seconds(10))) << "the stream outlived its session";
    EXPECT_TRUE(s->ended_cleanly()) << "a session's end is a clean end, never a reset";
    EXPECT_EQ(end_reason(*s), "signed_out") << s->raw();
  }
  EXPECT_EQ(relay.get("/api/v1/events", ivy).status, 401);  // and it cannot come back
  expect_still_live(relay, other, ivy_elsewhere);
  EXPECT_EQ(end_reason(other), "");
}

TEST(SessionEnd, GuestSignOutEndsTheGuestsStreamOnly) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 2);
  SseClient mine(relay.port(), guests[0].cookie), theirs(relay.port(), guests[1].cookie);
  ASSERT_TRUE(mine.wait_connected());
  ASSERT_TRUE(theirs.wait_connected());

  ASSERT_EQ(relay.post("/api/v1/guest/logout", json::object(), guests[0].cookie).status, 204);
  ASSERT_TRUE(mine.wait_ended(std::chrono::seconds(10)));
  EXPECT_EQ(end_reason(mine), "signed_out") << mine.raw();
  // The other guest's stream still carries their case's events.
  const auto ivy = relay.staff_cookie(kIvy);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + guests[1].case_id + "/claim", json::object(), ivy).status, 200);
  EXPECT_TRUE(theirs.wait_for([&](const std::vector<SseClient::Event>& evs) {
    for (const auto& e : evs)
      if (e.event == "case" && e.data["id"] == guests[1].case_id && e.data["status"] == "active") return true;
    return false;
  }));
  EXPECT_EQ(end_reason(theirs), "");
}

TEST(SessionEnd, IdleLimitEndsTheStreamAsExpired) {
  RelayProcess relay;
  const auto ivy = relay.staff_cookie(kIvy);
  const auto g = load_guests(relay, "intake", 1)[0];
  SseClient staff(relay.port(), ivy), guest(relay.port(), g.cookie);
  ASSERT_TRUE(staff.wait_connected());
  ASSERT_TRUE(guest.wait_connected());

  relay.advance_clock(61 * kMinute);  // a staff session's idle limit is 1 h; a guest's 8 h
  ASSERT_TRUE(staff.wait_ended(std::chrono::seconds(10)));
  EXPECT_EQ(end_reason(staff), "expired") << staff.raw();
  EXPECT_EQ(end_reason(guest), "");
  EXPECT_EQ(relay.get("/api/v1/guest/me", g.cookie).status, 200);  // the guest's session is still alive (and now touched)

  relay.advance_clock(8 * 60 * kMinute + kMinute);
  ASSERT_TRUE(guest.wait_ended(std::chrono::seconds(10)));
  EXPECT_EQ(end_reason(guest), "expired") << guest.raw();
}

TEST(SessionEnd, ANewSignInOfTheSamePersonLetsTheirStreamsResumeWithTheNewCookie) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  const auto phone = guest_phone(relay, g.cookie);
  SseClient stream(relay.port(), g.cookie);
  ASSERT_TRUE(stream.wait_connected());

  // The same browser (it sends its current cookie) verifies the same number again.
  const auto otp = relay.post("/api/v1/guest/otp", {{"team", "intake"}, {"first_name", "Thảo"},
                                                    {"last_name", "Nguyễn"}, {"phone", phone}});
  ASSERT_EQ(otp.status, 202) << otp.raw;
  const auto v = relay.post("/api/v1/guest/otp/verify",
                            {{"challenge_id", otp.body["challenge_id"]}, {"code", relay.last_code_for(phone)}},
                            g.cookie);
  ASSERT_EQ(v.status, 200) << v.raw;
  ASSERT_TRUE(stream.wait_ended(std::chrono::seconds(10)));
  EXPECT_TRUE(stream.ended_cleanly());
  EXPECT_EQ(end_reason(stream), "") << "a replaced cookie is not a sign-out: " << stream.raw();
  EXPECT_EQ(stream.comments("closing"), 1);

  // Someone else verifying in that browser signs the first person out there.
  const auto g2 = load_guests(relay, "intake", 1)[0];
  SseClient theirs(relay.port(), g2.cookie);
  ASSERT_TRUE(theirs.wait_connected());
  const auto otp2 = relay.post("/api/v1/guest/otp", {{"team", "intake"}, {"first_name", "Γιώργος"},
                                                     {"last_name", "Παπαδόπουλος"}, {"phone", "+61412999123"}});
  ASSERT_EQ(otp2.status, 202) << otp2.raw;
  ASSERT_EQ(relay.post("/api/v1/guest/otp/verify",
                       {{"challenge_id", otp2.body["challenge_id"]}, {"code", relay.last_code_for("+61412999123")}},
                       g2.cookie)
                .status,
            200);
  ASSERT_TRUE(theirs.wait_ended(std::chrono::seconds(10)));
  EXPECT_EQ(end_reason(theirs), "signed_out") << theirs.raw();
}

TEST(SessionEnd, SignOutOnOneRelayEndsTheStreamOnTheOther) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  const auto url = create_test_database();
  RelayProcess a{on_database(url)}, b{on_database(url)};
  const auto ivy = a.staff_cookie(kIvy);
  const auto g = load_guests(a, "intake", 1)[0];
  SseClient staff_on_a(a.port(), ivy), guest_on_a(a.port(), g.cookie);
  ASSERT_TRUE(staff_on_a.wait_connected());
  ASSERT_TRUE(guest_on_a.wait_connected());

  ASSERT_EQ(b.post("/api/v1/staff/logout", json::object(), ivy).status, 204);
  ASSERT_EQ(b.post("/api/v1/guest/logout", json::object(), g.cookie).status, 204);
  ASSERT_TRUE(staff_on_a.wait_ended(std::chrono::seconds(10)));
  ASSERT_TRUE(guest_on_a.wait_ended(std::chrono::seconds(10)));
  EXPECT_EQ(end_reason(staff_on_a), "signed_out") << staff_on_a.raw();
  EXPECT_EQ(end_reason(guest_on_a), "signed_out") << guest_on_a.raw();
}
