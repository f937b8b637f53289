// Unseen-activity SMS (docs/API.md "Notifications and resume links") on the dev
// clock: one SMS per unseen batch within 5 minutes naming the organisation
// only (never the subject or a message) with a /r/ link; none while a stream is open or once the
// guest has seen it; the 5 minutes from a stream's close; due work after a
// restart sent exactly once.
#include <gtest/gtest.h>

#include <regex>
#include <set>

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

TEST(Notify, OneSmsWithinFiveMinutesNamingOnlyTheOrganisationWithALink) {
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
  EXPECT_EQ(sms[0].find(s.subject), std::string::npos) << sms[0];
  // {public-url}/r/{token}: in dev the relay's own address; 128 bits in base64url.
  const std::regex link(R"(^Demo Health: you have a new message\. Open: http://127\.0\.0\.1:(\d+)/r/([A-Za-z0-9_-]{22})$)");
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
  // The SMS say nothing of their case: their links tell them apart.
  std::set<std::string> cases;
  for (const auto& body : sms) {
    const auto r = relay.post("/api/v1/guest/resume", {{"token", link_token(body)}}, s.g.cookie);
    ASSERT_EQ(r.status, 200) << r.raw;
    cases.insert(r.body["case_id"].get<std::string>());
  }
  EXPECT_EQ(cases, (std::set<std::string>{s.g.case_id, second}));
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
  const std::regex link(R"(Open: https://chat\.example\.org/r/[A-Za-z0-9_-]{22}$)");
  EXPECT_TRUE(std::regex_search(sms[0], link)) << sms[0];
}

// The world's text and the SMS (API.md "Text in every language", "Notifications
// and resume links"): whatever the guest and the staff write, in any script,
// no SMS carries a word of it; each is one segment.
namespace {

bool ascii_letters_and_punctuation(const std::string& s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80 || std::string_view("[]{}\\^~|`").find(c) != std::string_view::npos)
      return false;
  return true;
}

}  // namespace

TEST(Notify, NoSubjectOrMessageInAnyScriptEverLeavesInAnSms) {
  RelayProcess relay;
  const auto s = scene(relay);
  // A decomposed ế (e + U+0302 + U+0301), a family, a flag and a skin tone
  // among Vietnamese, Chinese and Arabic.
  const std::string subject = "Ke\xCC\x82\xCC\x81t quả xét nghiệm Pap 👨\u200D👩\u200D👧\u200D👦 🇦🇺 王芳 نتيجة";
  const std::string message = "Kết quả đã có 👍🏽 — xin gọi lại 0412 345 678";
  const auto created = relay.post(
      "/api/v1/guest/cases",
      {{"team", "intake"}, {"subject", subject}, {"identifiers", {{"practice_name", "Phòng khám 港口"}}}}, s.g.cookie);
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string id = created.body["id"];
  ASSERT_EQ(created.body["subject"], subject);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + id + "/claim", json::object(), s.staff).status, 200);
  staff_message(relay, s.staff, id, "s-world", message);
  relay.advance_clock(5 * kMinute);
  const auto sms = link_sms_to(relay, s.phone);
  ASSERT_EQ(sms.size(), 1u);
  // The organisation and the link, GSM-7 in one segment, and the link opens the case.
  const std::regex quiet(R"(^Demo Health: you have a new message\. Open: http://127\.0\.0\.1:\d+/r/([A-Za-z0-9_-]{22})$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sms[0], m, quiet)) << sms[0];
  EXPECT_TRUE(ascii_letters_and_punctuation(sms[0]));
  EXPECT_LE(sms[0].size(), 160u);
  const auto resumed = relay.post("/api/v1/guest/resume", {{"token", std::string(m[1])}}, s.g.cookie);
  ASSERT_EQ(resumed.status, 200) << resumed.raw;
  EXPECT_EQ(resumed.body["case_id"], id);
  // No SMS of this relay, codes included, holds a word of the subject, the
  // message or the identifier.
  for (const auto& sent : relay.dev_sms()) {
    const std::string b = sent["body"];
    for (const char* word : {"Pap", "quả", "nghiệm", "王芳", "نتيجة", "xin", "港口", "0412"})
      EXPECT_EQ(b.find(word), std::string::npos) << word << " in: " << b;
  }
}

TEST(Notify, TheCodeSmsCarriesTheAutofillLineForThisHost) {
  RelayProcess::Options o;
  o.extra_args = {"--public-url", "https://chat.example.org/"};
  RelayProcess relay(o);
  const auto asked = relay.post("/api/v1/guest/otp", {{"team", "intake"}, {"first_name", "Thảo"},
                                                      {"last_name", "Nguyễn"}, {"phone", "0412 345 678"}});
  ASSERT_EQ(asked.status, 202) << asked.raw;
  const auto sms = relay.dev_sms();
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_EQ(sms[0]["to"], "+61412345678");
  const std::string body = sms[0]["body"];
  const std::regex code(R"(^(\d{6}) is your Demo Health code\. It expires in \d+ minutes\.\n\n@chat\.example\.org #(\d{6})$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(body, m, code)) << body;
  EXPECT_EQ(m[1], m[2]);
}
