// Unseen-activity SMS (docs/API.md "Notifications and resume links") on the dev
// clock: one SMS per unseen batch within 5 minutes naming the organisation
// and the subject with a /r/ link; none while a stream is open or once the
// guest has seen it; the 5 minutes from a stream's close; due work after a
// restart sent exactly once.
#include <gtest/gtest.h>

#include <regex>

#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kIvy = "intake1@demo.test";

struct Scene {
  FixtureGuest g;
  std::string phone, subject, staff;
};

Scene scene(const RelayProcess& relay) {
  Scene s;
  s.g = load_guests(relay, "intake", 1, kIvy)[0];
  s.phone = guest_phone(relay, s.g.cookie);
  s.staff = relay.staff_cookie(kIvy);
  s.subject = relay.get("/api/v1/cases/" + s.g.case_id, s.staff).body["subject"];
  return s;
}

}  // namespace

TEST(Notify, OneSmsWithinFiveMinutesNamingTheOrganisationAndSubjectWithALink) {
  RelayProcess relay;
  const auto s = scene(relay);
  staff_message(relay, s.staff, s.g.case_id, "s1");
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  // A second message within the same unseen batch.
  relay.advance_clock(30);
  staff_message(relay, s.staff, s.g.case_id, "s2");
  relay.advance_clock(5 * kMinute - 30);  // 5 minutes after the first activity
  const auto sms = link_sms_to(relay, s.phone);
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_NE(sms[0].find("Demo Health"), std::string::npos) << sms[0];
  EXPECT_NE(sms[0].find(s.subject), std::string::npos) << sms[0];
  // {public-url}/r/{token}: in dev the relay's own address; 128 bits in base64url.
  const std::regex link(R"(http://127\.0\.0\.1:(\d+)/r/([A-Za-z0-9_-]{22})$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sms[0], m, link)) << sms[0];
  EXPECT_EQ(std::stoi(m[1]), relay.port());

  // More activity, still unseen: no second SMS.
  staff_message(relay, s.staff, s.g.case_id, "s3");
  relay.advance_clock(10 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);

  // The guest sees it; the next activity is a new batch.
  ASSERT_EQ(relay.post("/api/v1/cases/" + s.g.case_id + "/seen", {{"seq", 3}}, s.g.cookie).status, 204);
  staff_message(relay, s.staff, s.g.case_id, "s4");
  relay.advance_clock(5 * kMinute);
  const auto again = link_sms_to(relay, s.phone);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_NE(link_token(again[0]), link_token(again[1]));  // every SMS has its own link
}

TEST(Notify, ACloseRequestIsTeamActivityAndTheGuestsOwnMessagesAreNot) {
  RelayProcess relay;
  const auto s = scene(relay);
  ASSERT_EQ(relay.post("/api/v1/cases/" + s.g.case_id + "/messages", message_body("g1", "hello"), s.g.cookie).status,
            201);
  relay.advance_clock(10 * kMinute);
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + s.g.case_id + "/request-close", json::object(), s.staff).status, 200);
  relay.advance_clock(5 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);
}

TEST(Notify, NoSmsWhileTheGuestHasAnOpenStream) {
  RelayProcess relay;
  const auto s = scene(relay);
  SseClient guest(relay.port(), s.g.cookie);
  ASSERT_TRUE(guest.wait_connected());
  staff_message(relay, s.staff, s.g.case_id, "s1");
  ASSERT_TRUE(guest.wait_for([&](const auto& evs) { return !message_seqs(evs, s.g.case_id).empty(); }));
  relay.advance_clock(10 * kMinute);
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + s.g.case_id + "/request-close", json::object(), s.staff).status, 200);
  relay.advance_clock(10 * kMinute);
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
}

TEST(Notify, NoSmsOnceTheGuestHasSeenIt) {
  RelayProcess relay;
  const auto s = scene(relay);
  // Seen with POST /seen.
  const auto m = staff_message(relay, s.staff, s.g.case_id, "s1");
  relay.advance_clock(30);
  ASSERT_EQ(relay.post("/api/v1/cases/" + s.g.case_id + "/seen", {{"seq", m["seq"]}}, s.g.cookie).status, 204);
  relay.advance_clock(5 * kMinute);
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  // Seen by reading the case.
  staff_message(relay, s.staff, s.g.case_id, "s2");
  relay.advance_clock(30);
  ASSERT_EQ(relay.get("/api/v1/cases/" + s.g.case_id, s.g.cookie).status, 200);
  relay.advance_clock(5 * kMinute);
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  // Partly seen is not seen.
  const auto m3 = staff_message(relay, s.staff, s.g.case_id, "s3");
  staff_message(relay, s.staff, s.g.case_id, "s4");
  ASSERT_EQ(relay.post("/api/v1/cases/" + s.g.case_id + "/seen", {{"seq", m3["seq"]}}, s.g.cookie).status, 204);
  relay.advance_clock(5 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);
}

TEST(Notify, WhenTheStreamClosesWithTheActivityUnseenTheFiveMinutesRunFromTheClose) {
  RelayProcess relay(fast_keepalive());
  const auto s = scene(relay);
  auto guest = std::make_unique<SseClient>(relay.port(), s.g.cookie);
  ASSERT_TRUE(guest->wait_connected());
  staff_message(relay, s.staff, s.g.case_id, "s1");
  ASSERT_TRUE(guest->wait_for([&](const auto& evs) { return !message_seqs(evs, s.g.case_id).empty(); }));
  relay.advance_clock(20 * kMinute);  // long after the activity, the stream still open
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  // The guest leaves without having marked it seen.
  guest->stop();
  ASSERT_TRUE(wait_open_streams(relay, 0));
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());  // not at once: from the close
  relay.advance_clock(5 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);
  // Coming back before the SMS leaves cancels it: a new batch, a stream, a short absence.
  ASSERT_EQ(relay.post("/api/v1/cases/" + s.g.case_id + "/seen", {{"seq", 99}}, s.g.cookie).status, 204);
  guest = std::make_unique<SseClient>(relay.port(), s.g.cookie);
  ASSERT_TRUE(guest->wait_connected());
  staff_message(relay, s.staff, s.g.case_id, "s2");
  guest->stop();
  ASSERT_TRUE(wait_open_streams(relay, 0));
  guest = std::make_unique<SseClient>(relay.port(), s.g.cookie);  // reconnects within the grace
  ASSERT_TRUE(guest->wait_connected());
  relay.advance_clock(10 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);
}

TEST(Notify, ASmsDueWhenTheRelayStoppedIsSentOnceAfterTheRestart) {
  RelayProcess relay;
  const auto s = scene(relay);
  staff_message(relay, s.staff, s.g.case_id, "s1");
  relay.restart();  // same data dir
  EXPECT_TRUE(link_sms_to(relay, s.phone).empty());
  relay.advance_clock(5 * kMinute);
  const auto sms = link_sms_to(relay, s.phone);
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_NE(sms[0].find("/r/"), std::string::npos);
  relay.advance_clock(10 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);
  // The batch stays covered across another restart: nothing is sent again.
  relay.restart();
  relay.advance_clock(10 * kMinute);
  // The dev outbox starts empty in a new process; on PostgreSQL it is a shared
  // table and still holds the one SMS sent before the restart.
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), relay.store_url().empty() ? 0u : 1u);
  // ...and its link still works.
  const auto r = relay.post("/api/v1/guest/resume", {{"token", link_token(sms[0])}}, s.g.cookie);
  EXPECT_EQ(r.status, 200) << r.raw;
}

TEST(Notify, EachCaseOfAGuestIsItsOwnBatch) {
  RelayProcess relay;
  const auto s = scene(relay);
  // A second case of the same guest, claimed by Ivy.
  const auto created = relay.post("/api/v1/guest/cases",
                                  {{"team", "intake"}, {"subject", "Request Call back"},
                                   {"identifiers", {{"practice_name", "Fixture"}}}},
                                  s.g.cookie);
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string second = created.body["id"];
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + second + "/claim", json::object(), s.staff).status, 200);
  staff_message(relay, s.staff, s.g.case_id, "s1");
  staff_message(relay, s.staff, second, "s1");
  relay.advance_clock(5 * kMinute);
  const auto sms = link_sms_to(relay, s.phone);
  ASSERT_EQ(sms.size(), 2u);
  const bool one_each = (sms[0].find(s.subject) != std::string::npos) != (sms[1].find(s.subject) != std::string::npos);
  EXPECT_TRUE(one_each);
}

TEST(Notify, AStaffAttachmentIsTeamActivity) {
  RelayProcess relay;
  const auto s = scene(relay);
  const std::string boundary = "----foxo-notify-boundary";
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
                           "Content-Type: text/plain\r\n\r\nPlease see the attached note.\r\n--" +
                           boundary + "--\r\n";
  const auto r = relay.post_raw("/api/v1/cases/" + s.g.case_id + "/attachments", body,
                                "multipart/form-data; boundary=" + boundary, s.staff);
  ASSERT_EQ(r.status, 201) << r.raw;
  relay.advance_clock(5 * kMinute);
  EXPECT_EQ(link_sms_to(relay, s.phone).size(), 1u);
}

TEST(Notify, TheLinkUsesThePublicUrl) {
  RelayProcess::Options o;
  o.extra_args = {"--public-url", "https://chat.example.org/"};
  RelayProcess relay(o);
  const auto s = scene(relay);
  staff_message(relay, s.staff, s.g.case_id, "s1");
  relay.advance_clock(5 * kMinute);
  const auto sms = link_sms_to(relay, s.phone);
  ASSERT_EQ(sms.size(), 1u);
  const std::regex link(R"(Open it here: https://chat\.example\.org/r/[A-Za-z0-9_-]{22}$)");
  EXPECT_TRUE(std::regex_search(sms[0], link)) << sms[0];
}
