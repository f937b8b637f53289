// Several relays on one PostgreSQL database (the pg run only: skipped on
// SQLite). The two parties of a conversation on different relays, resume
// with Last-Event-ID on the other relay, claims racing across relays, and the
// clock-driven jobs (notification SMS, auto-close) done exactly once when
// both relays find them due at the same moment.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kIvy = "intake1@demo.test";
// Both relays must decrypt each other's attachments: one key for both.
const std::string kKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

struct TwoRelays {
  std::string url = create_test_database();
  RelayProcess a{options(url)};
  RelayProcess b{options(url)};
  static RelayProcess::Options options(const std::string& url) {
    RelayProcess::Options o;
    o.store_url = url;
    // Keepalives every 50 ms: a closed client is noticed quickly.
    o.env = {{"FOXO_ATTACHMENT_KEY", kKey}, {"FOXO_SSE_KEEPALIVE_MS", "50"}};
    return o;
  }
};

bool pg_run() { return !test_pg_server().empty(); }

// Advances both relays' dev clocks at the same moment: each runs the jobs that
// fell due before answering, so both look for the same due work together.
void advance_both(const TwoRelays& r, std::int64_t seconds) {
  std::latch go(2);
  std::thread ta([&] {
    go.arrive_and_wait();
    r.a.advance_clock(seconds);
  });
  std::thread tb([&] {
    go.arrive_and_wait();
    r.b.advance_clock(seconds);
  });
  ta.join();
  tb.join();
}

}  // namespace

TEST(MultiRelay, BothRelaysStartOnOneDatabaseAndSeedItOnce) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  // Staff created by the one seed sign in on either relay; the teams exist once.
  EXPECT_FALSE(r.a.staff_cookie(kIvy).empty());
  EXPECT_FALSE(r.b.staff_cookie(kIvy).empty());
  EXPECT_FALSE(r.b.staff_cookie("admin@demo.test").empty());
  const auto teams = r.a.get("/api/v1/staff/me", r.a.staff_cookie("admin@demo.test"));
  ASSERT_EQ(teams.status, 200);
  EXPECT_EQ(teams.body["staff"]["teams"].size(), 2u) << teams.raw;
}

TEST(MultiRelay, GuestOnOneRelayAndStaffOnTheOtherHoldAConversation) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  const auto g = load_guests(r.a, "intake", 1, kIvy)[0];
  const auto ivy = r.b.staff_cookie(kIvy);
  SseClient guest(r.a.port(), g.cookie);
  SseClient staff(r.b.port(), ivy);
  ASSERT_TRUE(guest.wait_connected());
  ASSERT_TRUE(staff.wait_connected());

  ASSERT_EQ(r.a.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g1", "مرحبا من A"), g.cookie).status,
            201);
  ASSERT_TRUE(staff.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 1; }))
      << staff.raw();
  ASSERT_EQ(r.b.post("/api/v1/cases/" + g.case_id + "/messages", message_body("s1", "שלום מ-B"), ivy).status, 201);
  ASSERT_TRUE(guest.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 2; }))
      << guest.raw();
  ASSERT_EQ(r.a.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g2", "И снова 👨‍👩‍👧‍👦"), g.cookie).status,
            201);
  ASSERT_TRUE(staff.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 3; }));
  ASSERT_TRUE(guest.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 3; }));

  // Both streams saw the same messages, in seq order, with ids increasing.
  EXPECT_EQ(message_seqs(staff.events(), g.case_id), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(message_seqs(guest.events(), g.case_id), (std::vector<std::int64_t>{1, 2, 3}));
  for (auto* s : {&guest, &staff}) {
    const auto evs = s->events();
    for (std::size_t i = 1; i < evs.size(); ++i) EXPECT_LT(evs[i - 1].id, evs[i].id);
  }
  const auto bodies = guest.events();
  EXPECT_EQ(bodies.back().data["message"]["body"], "И снова 👨‍👩‍👧‍👦");
}

TEST(MultiRelay, LastEventIdResumesOnTheOtherRelay) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  const auto g = load_guests(r.a, "intake", 1, kIvy)[0];
  const auto ivy_a = r.a.staff_cookie(kIvy);
  const auto ivy_b = r.b.staff_cookie(kIvy);
  std::int64_t last = 0;
  {
    SseClient staff(r.b.port(), ivy_b);
    ASSERT_TRUE(staff.wait_connected());
    ASSERT_EQ(r.a.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g1", "one"), g.cookie).status, 201);
    ASSERT_TRUE(staff.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 1; }));
    last = staff.last_id();
  }  // the staff member's connection drops
  ASSERT_GT(last, 0);
  // Written on A (2) and on B (3) while nobody listens.
  ASSERT_EQ(r.a.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g2", "two"), g.cookie).status, 201);
  ASSERT_EQ(r.b.post("/api/v1/cases/" + g.case_id + "/messages", message_body("s1", "three"), ivy_b).status, 201);
  // Reconnecting lands on the other relay (A): it replays from the shared log, then goes on live.
  SseClient resumed(r.a.port(), ivy_a, {{"Last-Event-ID", std::to_string(last)}});
  ASSERT_TRUE(resumed.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 2; }))
      << resumed.raw();
  ASSERT_EQ(r.b.post("/api/v1/cases/" + g.case_id + "/messages", message_body("s2", "four"), ivy_b).status, 201);
  ASSERT_TRUE(resumed.wait_for([&](const auto& evs) { return message_seqs(evs, g.case_id).size() == 3; }));
  EXPECT_EQ(message_seqs(resumed.events(), g.case_id), (std::vector<std::int64_t>{2, 3, 4}));
  for (const auto& e : resumed.events()) EXPECT_GT(e.id, last);
}

TEST(MultiRelay, ClaimsRacingAcrossRelaysHaveExactlyOneWinner) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  const std::vector<const RelayProcess*> relays{&r.a, &r.b};
  const std::vector<std::string> staff{r.a.staff_cookie("intake1@demo.test"), r.b.staff_cookie("intake2@demo.test")};
  const auto guests = load_guests(r.a, "intake", 3);
  constexpr int kClaims = 40;
  for (const auto& g : guests) {
    std::latch start(kClaims);
    std::vector<int> status(kClaims, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClaims; ++i) {
      threads.emplace_back([&, i] {
        const auto* relay = relays[static_cast<std::size_t>(i) % 2];
        httplib::Client c("127.0.0.1", relay->port());
        c.set_read_timeout(60);
        httplib::Headers h{{"Cookie", staff[static_cast<std::size_t>(i) % 2]}};
        start.arrive_and_wait();
        const auto res = c.Post(("/api/v1/staff/cases/" + g.case_id + "/claim").c_str(), h, "{}", "application/json");
        if (res) status[static_cast<std::size_t>(i)] = res->status;
      });
    }
    for (auto& t : threads) t.join();
    int winners = 0;
    for (int i = 0; i < kClaims; ++i) {
      if (status[static_cast<std::size_t>(i)] == 200) ++winners;
      else EXPECT_EQ(status[static_cast<std::size_t>(i)], 409) << "claim " << i;
    }
    EXPECT_EQ(winners, 1);
    const auto audit = r.b.get("/api/v1/admin/audit?case_id=" + g.case_id, r.b.staff_cookie("admin@demo.test"));
    int claims = 0;
    for (const auto& e : audit.body["entries"])
      if (e["action"] == "case.claim") ++claims;
    EXPECT_EQ(claims, 1);
  }
}

TEST(MultiRelay, DueSmsAndAutoClosesHappenOnceWithBothRelaysRunningJobs) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  constexpr int kCases = 6;
  const auto guests = load_guests(r.a, "intake", kCases, kIvy);
  const auto ivy_a = r.a.staff_cookie(kIvy);
  const auto ivy_b = r.b.staff_cookie(kIvy);
  std::vector<std::string> phones;
  for (int i = 0; i < kCases; ++i) {
    const auto& g = guests[static_cast<std::size_t>(i)];
    phones.push_back(guest_phone(r.a, g.cookie));
    // Team activity the guests have not seen: each is owed one SMS in 5 minutes.
    staff_message(i % 2 ? r.b : r.a, i % 2 ? ivy_b : ivy_a, g.case_id, "s1");
  }
  advance_both(r, 5 * kMinute + 5);
  for (const auto& phone : phones) {
    EXPECT_EQ(link_sms_to(r.a, phone).size(), 1u) << phone;  // the dev outbox is shared: either relay shows all
    EXPECT_EQ(link_sms_to(r.b, phone).size(), 1u) << phone;
  }

  // Close requests; 7 days later both relays find them due together.
  for (int i = 0; i < kCases; ++i)
    ASSERT_EQ((i % 2 ? r.b : r.a)
                  .post("/api/v1/staff/cases/" + guests[static_cast<std::size_t>(i)].case_id + "/request-close",
                        json::object(), i % 2 ? ivy_b : ivy_a)
                  .status,
              200);
  advance_both(r, 7 * kDay + kMinute);
  const auto ivy_later = r.b.staff_cookie(kIvy);  // the earlier sessions idled out over the 7 days
  for (const auto& g : guests) {
    const auto c = r.b.get("/api/v1/cases/" + g.case_id, ivy_later);
    ASSERT_EQ(c.status, 200);
    EXPECT_EQ(c.body["status"], "closed");
    int auto_close_messages = 0;
    for (const auto& m : c.body["messages"])
      if (m["author"]["kind"] == "system" &&
          m["body"] == "This chat was closed automatically after 7 days without a reply")
        ++auto_close_messages;
    EXPECT_EQ(auto_close_messages, 1) << c.raw;
    const auto audit = r.a.get("/api/v1/admin/audit?case_id=" + g.case_id, r.a.staff_cookie("admin@demo.test"));
    int closes = 0;
    for (const auto& e : audit.body["entries"])
      if (e["action"] == "case.auto_close") ++closes;
    EXPECT_EQ(closes, 1);
  }
}

TEST(MultiRelay, AGuestWithAStreamOnTheOtherRelayGetsNoSmsUntilTheyLeave) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  const auto g = load_guests(r.b, "intake", 1, kIvy)[0];
  const std::string phone = guest_phone(r.b, g.cookie);
  auto guest = std::make_unique<SseClient>(r.b.port(), g.cookie);
  ASSERT_TRUE(guest->wait_connected());
  // The Team answers through A, whose hub holds no stream of the guest. Only
  // A's clock moves, so only A's jobs find the SMS due.
  staff_message(r.a, r.a.staff_cookie(kIvy), g.case_id, "s1");
  ASSERT_TRUE(guest->wait_for([&](const auto& evs) { return !message_seqs(evs, g.case_id).empty(); }));
  r.a.advance_clock(20 * kMinute);
  EXPECT_TRUE(link_sms_to(r.a, phone).empty()) << "the guest was here all along, on relay B";
  // The guest leaves B without having seen it: now they are away everywhere,
  // and A's jobs send the one SMS.
  guest->stop();
  ASSERT_TRUE(wait_open_streams(r.b, 0));
  r.a.advance_clock(5 * kMinute);
  EXPECT_EQ(link_sms_to(r.a, phone).size(), 1u);
  r.a.advance_clock(10 * kMinute);
  EXPECT_EQ(link_sms_to(r.a, phone).size(), 1u);  // one per batch
}

TEST(MultiRelay, AnAttachmentUploadedOnOneRelayDownloadsOnTheOther) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  const auto g = load_guests(r.a, "intake", 1, kIvy)[0];
  const std::string boundary = "----foxo-multi-relay";
  const std::string text = "plain text attachment bytes\n";
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nup1\r\n--" +
                     boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n" +
                     "Content-Type: text/plain\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
  const auto up = r.a.post_raw("/api/v1/cases/" + g.case_id + "/attachments", body,
                               "multipart/form-data; boundary=" + boundary, g.cookie);
  ASSERT_EQ(up.status, 201) << up.raw;
  const std::string id = up.body["attachment"]["id"];
  const auto down = r.b.get("/api/v1/attachments/" + id, r.b.staff_cookie(kIvy));
  ASSERT_EQ(down.status, 200) << down.raw;
  EXPECT_EQ(down.raw, text);
}

// Issue 22: typing and seen signals are not in the events log; they cross
// relays through the database (NOTIFY foxo_live) all the same.
TEST(MultiRelay, TypingAndSeenCrossToTheOtherRelay) {
  if (!pg_run()) GTEST_SKIP() << "several relays need the PostgreSQL store (FOXO_TEST_PG)";
  TwoRelays r;
  const auto g = load_guests(r.a, "intake", 1, kIvy)[0];
  const auto ivy = r.b.staff_cookie(kIvy);
  SseClient guest(r.a.port(), g.cookie);
  SseClient staff(r.b.port(), ivy);
  ASSERT_TRUE(guest.wait_connected());
  ASSERT_TRUE(staff.wait_connected());
  const auto typing_of = [](const std::vector<SseClient::Event>& evs) {
    std::vector<json> out;
    for (const auto& e : evs)
      if (e.event == "typing") out.push_back(e.data);
    return out;
  };
  EXPECT_EQ(r.b.post("/api/v1/cases/" + g.case_id + "/typing", json::object(), ivy).status, 204);
  ASSERT_TRUE(guest.wait_for([&](const auto& evs) { return !typing_of(evs).empty(); })) << guest.raw();
  EXPECT_EQ(typing_of(guest.events())[0], (json{{"case_id", g.case_id}, {"side", "staff"}, {"name", "Ivy Intake"}}));
  EXPECT_EQ(r.a.post("/api/v1/cases/" + g.case_id + "/typing", json::object(), g.cookie).status, 204);
  ASSERT_TRUE(staff.wait_for([&](const auto& evs) { return !typing_of(evs).empty(); })) << staff.raw();
  EXPECT_EQ(typing_of(staff.events())[0]["side"], "guest");
  staff_message(r.b, ivy, g.case_id, "x1", "Xin chào · مرحبا");
  ASSERT_EQ(r.a.post("/api/v1/cases/" + g.case_id + "/seen", {{"seq", 1}}, g.cookie).status, 204);
  ASSERT_TRUE(staff.wait_for([&](const auto& evs) {
    for (const auto& e : evs)
      if (e.event == "seen" && e.data == json{{"case_id", g.case_id}, {"side", "guest"}, {"seq", 1}}) return true;
    return false;
  })) << staff.raw();
}
