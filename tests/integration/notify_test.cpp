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

// The world's text in the SMS (API.md "Text in every language"): a long
// subject in Vietnamese with emoji needs UCS-2, so the SMS holds 70 UTF-16
// units; the subject is shortened where a reader sees a character end, the
// organisation and the link stay whole, and the SMS is one segment.
namespace {

// UTF-16 code units of valid UTF-8, counted from the lead bytes: a 4-byte
// sequence (outside the BMP) is a surrogate pair.
std::size_t utf16_units(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) == 0x80) continue;
    n += b >= 0xF0 ? 2 : 1;
  }
  return n;
}

bool ascii_letters_and_punctuation(const std::string& s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80 || std::string_view("[]{}\\^~|`").find(c) != std::string_view::npos)
      return false;
  return true;
}

std::string join(const std::vector<std::string>& parts, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += parts[i];
  return out;
}

// A case of the scene's guest with `subject`, claimed by Ivy, with unseen
// staff activity five minutes old: the SMS bodies sent for it.
std::vector<std::string> sms_for_subject(const RelayProcess& relay, const Scene& s, const std::string& subject) {
  const auto created = relay.post(
      "/api/v1/guest/cases",
      {{"team", "intake"}, {"subject", subject}, {"identifiers", {{"practice_name", "Phòng khám 港口"}}}}, s.g.cookie);
  if (created.status != 201) throw std::runtime_error("case: " + created.raw);
  const std::string id = created.body["id"];
  if (created.body["subject"] != subject) throw std::runtime_error("subject changed: " + created.raw);
  if (relay.post("/api/v1/staff/cases/" + id + "/claim", json::object(), s.staff).status != 200)
    throw std::runtime_error("claim");
  staff_message(relay, s.staff, id, "s-world", "Kết quả đã có 👍🏽");
  relay.advance_clock(5 * kMinute);
  return link_sms_to(relay, s.phone);
}

}  // namespace

TEST(Notify, ALongSubjectInAnyScriptIsShortenedToOneUcs2SegmentWithTheLinkWhole) {
  RelayProcess relay;
  const auto s = scene(relay);
  // The subject as a reader sees it, one grapheme cluster per element: a
  // decomposed ế (e + U+0302 + U+0301), a family (7 code points), a flag and
  // a thumbs-up with a skin tone among Vietnamese and Chinese.
  const std::vector<std::string> clusters = {
      "K", "e\xCC\x82\xCC\x81", "t", " ", "q", "u", "ả", " ", "x", "é", "t", " ", "n", "g", "h", "i", "ệ", "m", " ",
      "👨\u200D👩\u200D👧\u200D👦", " ", "🇦🇺", " ", "👍🏽", " ", "c", "ủ", "a", " ", "T", "h", "ả", "o", " ", "王", "芳",
      " ", "谢", "谢"};
  const std::string subject = join(clusters, clusters.size());
  const auto sms = sms_for_subject(relay, s, subject);
  ASSERT_EQ(sms.size(), 1u);
  const std::string& body = sms[0];

  // One UCS-2 segment, whole UTF-8 (the JSON of /dev/sms would not parse otherwise).
  EXPECT_LE(utf16_units(body), 70u) << body;
  EXPECT_EQ(body.rfind("Demo Health: ", 0), 0u) << body;  // the organisation, whole
  // The link, whole, at the end; and it opens the case.
  const std::regex link(R"( http://127\.0\.0\.1:(\d+)/r/([A-Za-z0-9_-]{22})$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(body, m, link)) << body;
  const auto resumed = relay.post("/api/v1/guest/resume", {{"token", std::string(m[2])}}, s.g.cookie);
  ASSERT_EQ(resumed.status, 200) << resumed.raw;
  EXPECT_NE(resumed.body["case_id"], s.g.case_id);

  // The subject: its first k clusters (k >= 1) and "…", nothing cut inside a cluster.
  const auto open = body.find('"');
  const auto close = body.rfind('"');
  ASSERT_NE(open, std::string::npos);
  ASSERT_LT(open, close);
  const std::string shown = body.substr(open + 1, close - open - 1);
  const std::string ellipsis = "\xE2\x80\xA6";
  ASSERT_GT(shown.size(), ellipsis.size()) << body;
  ASSERT_EQ(shown.substr(shown.size() - ellipsis.size()), ellipsis) << body;
  const std::string kept = shown.substr(0, shown.size() - ellipsis.size());
  bool whole_clusters = false;
  for (std::size_t k = 1; k < clusters.size(); ++k) whole_clusters = whole_clusters || join(clusters, k) == kept;
  EXPECT_TRUE(whole_clusters) << "kept: " << kept;
}

TEST(Notify, ALongGsmSubjectKeepsGsm7And160Septets) {
  RelayProcess relay;
  const auto s = scene(relay);
  std::string subject;
  while (subject.size() < 190) subject += "Request for copies of the results ";
  subject = subject.substr(0, 190) + "end";
  const auto sms = sms_for_subject(relay, s, subject);
  ASSERT_EQ(sms.size(), 1u);
  const std::string& body = sms[0];
  ASSERT_TRUE(ascii_letters_and_punctuation(body)) << body;  // GSM-7, one septet each: "…" was not used
  EXPECT_LE(body.size(), 160u) << body;
  EXPECT_GT(body.size(), 140u) << body;  // the segment is used, not just 70 of it
  EXPECT_NE(body.find("Demo Health"), std::string::npos) << body;
  EXPECT_NE(body.find("...\""), std::string::npos) << body;
  EXPECT_TRUE(std::regex_search(body, std::regex(R"(http://127\.0\.0\.1:\d+/r/[A-Za-z0-9_-]{22}$)"))) << body;
  // The code SMS of the sign-in fits one segment too.
  for (const auto& m : relay.dev_sms()) {
    const std::string b = m["body"];
    if (ascii_letters_and_punctuation(b)) EXPECT_LE(b.size(), 160u) << b;
    else EXPECT_LE(utf16_units(b), 70u) << b;
  }
}
