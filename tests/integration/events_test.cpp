// Live events over SSE: delivery to both sides, per-side case summaries,
// Last-Event-ID resume without gap or duplicate (also under concurrent
// writes), keepalive comments, the per-session cap, and clean ends.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "case_helpers.hpp"

using namespace foxo::test;
using namespace std::chrono_literals;

namespace {

bool increasing_ids(const std::vector<SseClient::Event>& evs) {
  for (std::size_t i = 1; i < evs.size(); ++i)
    if (evs[i].id <= evs[i - 1].id) return false;
  return true;
}

auto has_message(const std::string& case_id, std::int64_t seq) {
  return [case_id, seq](const std::vector<SseClient::Event>& evs) {
    const auto s = message_seqs(evs, case_id);
    return std::find(s.begin(), s.end(), seq) != s.end();
  };
}

auto has_case_status(const std::string& case_id, const std::string& status) {
  return [case_id, status](const std::vector<SseClient::Event>& evs) {
    for (const auto& e : evs)
      if (e.event == "case" && e.data["id"] == case_id && e.data["status"] == status) return true;
    return false;
  };
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> v;
  for (auto i = from; i <= to; ++i) v.push_back(i);
  return v;
}

}  // namespace

TEST(Events, GuestAndStaffSeeEachOthersMessagesLive) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];  // waiting
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  SseClient guest(relay.port(), g.cookie), staff(relay.port(), ivy);
  ASSERT_TRUE(guest.wait_connected());
  ASSERT_TRUE(staff.wait_connected());
  const auto r = guest.wait_status();
  EXPECT_EQ(r, 200);

  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/claim", json::object(), ivy).status, 200);
  ASSERT_TRUE(guest.wait_for(has_case_status(g.case_id, "active")));
  ASSERT_TRUE(staff.wait_for(has_case_status(g.case_id, "active")));  // the queue learns it was taken

  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("s1", "Chúng tôi có thể giúp gì? 🙂"), ivy).status,
            201);
  ASSERT_TRUE(guest.wait_for(has_message(g.case_id, 1)));
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("g1", "Thiếu báo cáo 📄 (نقص التقرير)"), g.cookie)
                .status,
            201);
  ASSERT_TRUE(staff.wait_for(has_message(g.case_id, 2)));
  ASSERT_TRUE(guest.wait_for(has_message(g.case_id, 2)));  // one's own messages come back too (other tabs)

  for (auto* s : {&guest, &staff}) {
    const auto evs = s->events();
    EXPECT_TRUE(increasing_ids(evs));
    EXPECT_EQ(message_seqs(evs, g.case_id), (std::vector<std::int64_t>{1, 2}));
    for (const auto& e : evs)
      if (e.event == "message") {
        EXPECT_TRUE(e.data["message"].contains("client_id"));
        EXPECT_TRUE(e.data["message"]["author"].contains("kind"));
      }
  }
  const auto evs = guest.events();
  const auto m1 = std::find_if(evs.begin(), evs.end(), [](const auto& e) { return e.event == "message"; });
  ASSERT_NE(m1, evs.end());
  EXPECT_EQ(m1->data["message"]["author"]["kind"], "staff");
  EXPECT_EQ(m1->data["message"]["author"]["name"], "Ivy Intake");
  EXPECT_EQ(m1->data["message"]["body"], "Chúng tôi có thể giúp gì? 🙂");
}

TEST(Events, StaffStreamsCarryTheQueueAndCaseEventsCarryEachSidesUnread) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  SseClient guest(relay.port(), g.cookie), staff(relay.port(), ivy);
  ASSERT_TRUE(guest.wait_connected());
  ASSERT_TRUE(staff.wait_connected());

  // A new case reaches the team's streams as a waiting case.
  const auto created = relay.post("/api/v1/guest/cases",
                                  {{"team", "intake"}, {"subject", "Mới: 新的 🇦🇺"}, {"identifiers", {{"practice_name", "P"}}}},
                                  g.cookie);
  ASSERT_EQ(created.status, 201);
  ASSERT_TRUE(staff.wait_for(has_case_status(created.body["id"], "waiting")));

  // Unread differs per side in `case` events.
  const std::string base = "/api/v1/cases/" + g.case_id;
  ASSERT_EQ(relay.post(base + "/messages", message_body("g1", "one"), g.cookie).status, 201);
  ASSERT_EQ(relay.post(base + "/messages", message_body("g2", "two"), g.cookie).status, 201);
  ASSERT_EQ(relay.post(base + "/messages", message_body("s1", "three"), ivy).status, 201);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + g.case_id + "/request-close", json::object(), ivy).status, 200);
  ASSERT_TRUE(guest.wait_for(has_case_status(g.case_id, "close_requested")));
  ASSERT_TRUE(staff.wait_for(has_case_status(g.case_id, "close_requested")));
  auto unread = [&](SseClient& s) {
    for (const auto& e : s.events())
      if (e.event == "case" && e.data["id"] == g.case_id && e.data["status"] == "close_requested")
        return e.data["unread"].get<int>();
    return -1;
  };
  EXPECT_EQ(unread(guest), 2);  // the staff message and the system message
  EXPECT_EQ(unread(staff), 2);  // the two guest messages
  // The system message itself is an event too.
  ASSERT_TRUE(guest.wait_for(has_message(g.case_id, 4)));
}

TEST(Events, ResumeWithLastEventIdHasNoGapAndNoDuplicate) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  const std::string path = "/api/v1/cases/" + g.case_id + "/messages";
  auto post = [&](int i) {
    ASSERT_EQ(relay.post(path, message_body("m" + std::to_string(i), "message " + std::to_string(i)), ivy).status, 201);
  };
  std::int64_t resume_from = 0;
  {
    SseClient first(relay.port(), g.cookie);
    ASSERT_TRUE(first.wait_connected());
    for (int i = 1; i <= 5; ++i) post(i);
    ASSERT_TRUE(first.wait_for(has_message(g.case_id, 5)));
    const auto evs = first.events();
    ASSERT_EQ(message_seqs(evs, g.case_id), range(1, 5));
    resume_from = evs[2].id;  // as if the connection dropped after the third
  }
  for (int i = 6; i <= 10; ++i) post(i);

  // Header (what EventSource sends on reconnect).
  {
    SseClient resumed(relay.port(), g.cookie, {{"Last-Event-ID", std::to_string(resume_from)}});
    ASSERT_TRUE(resumed.wait_for(has_message(g.case_id, 10)));
    post(11);  // and live after the replay
    ASSERT_TRUE(resumed.wait_for(has_message(g.case_id, 11)));
    EXPECT_EQ(message_seqs(resumed.events(), g.case_id), range(4, 11));
    EXPECT_TRUE(increasing_ids(resumed.events()));
    EXPECT_GT(resumed.events().front().id, resume_from);
  }
  // Query parameter, for clients that cannot set headers.
  {
    SseClient resumed(relay.port(), g.cookie, {},
                      "/api/v1/events?last_event_id=" + std::to_string(resume_from));
    ASSERT_TRUE(resumed.wait_for(has_message(g.case_id, 11)));
    EXPECT_EQ(message_seqs(resumed.events(), g.case_id), range(4, 11));
  }
  // The header wins over a stale query (EventSource keeps its first URL).
  {
    SseClient resumed(relay.port(), g.cookie, {{"Last-Event-ID", std::to_string(resume_from)}},
                      "/api/v1/events?last_event_id=0");
    ASSERT_TRUE(resumed.wait_for(has_message(g.case_id, 11)));
    EXPECT_EQ(message_seqs(resumed.events(), g.case_id), range(4, 11));
  }
  // Malformed ids are refused.
  SseClient bad(relay.port(), g.cookie, {{"Last-Event-ID", "abc"}});
  EXPECT_EQ(bad.wait_status(), 400);
}

TEST(Events, ResumeWhileMessagesKeepArrivingLosesAndRepeatsNothing) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const auto ivy = relay.staff_cookie("intake1@demo.test");
  constexpr int kMessages = 150;
  std::atomic<int> posted{0};
  std::thread writer([&] {
    httplib::Client c("127.0.0.1", relay.port());
    for (int i = 1; i <= kMessages; ++i) {
      const auto r = c.Post(("/api/v1/cases/" + g.case_id + "/messages").c_str(), {{"Cookie", ivy}},
                            message_body("w" + std::to_string(i), "m").dump(), "application/json");
      if (!r || r->status != 201) break;
      posted = i;
    }
  });
  // Reconnect again and again mid-flow, each time from the last id received.
  std::vector<std::int64_t> seen_seqs;
  std::int64_t last_id = 0;
  int connections = 0;
  while (true) {
    ++connections;
    // From id 0 the first time too: messages may already have been posted.
    SseClient s(relay.port(), g.cookie, {{"Last-Event-ID", std::to_string(last_id)}});
    const std::size_t want = 7;
    // Take a few events (or whatever is left), then drop the connection.
    s.wait_for([&](const auto& evs) { return evs.size() >= want || message_seqs(evs, g.case_id).size() + seen_seqs.size() >= kMessages; },
               10s);
    s.stop();
    for (const auto& e : s.events()) {
      if (e.event == "message") seen_seqs.push_back(e.data["message"]["seq"].get<std::int64_t>());
      EXPECT_GT(e.id, last_id);
      last_id = e.id;
    }
    if (seen_seqs.size() >= kMessages || connections > 200) break;
  }
  writer.join();
  ASSERT_EQ(posted.load(), kMessages);
  EXPECT_GT(connections, 5);
  EXPECT_EQ(seen_seqs, range(1, kMessages));  // every message once, in order, across all connections
}

TEST(Events, KeepaliveCommentsArriveOnAQuietStream) {
  RelayProcess::Options o;
  o.env = {{"FOXO_SSE_KEEPALIVE_MS", "100"}};
  RelayProcess relay(o);
  const auto g = load_guests(relay, "intake", 1)[0];
  SseClient s(relay.port(), g.cookie);
  ASSERT_TRUE(s.wait_connected());
  EXPECT_TRUE(s.wait_comments("keepalive", 3, 10s));
  EXPECT_TRUE(s.events().empty());
}

TEST(Events, ADefaultStreamStaysQuietBetweenKeepalives) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1)[0];
  SseClient s(relay.port(), g.cookie);
  ASSERT_TRUE(s.wait_connected());
  // Unrelated traffic must not wake this stream.
  const auto other = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(relay.post("/api/v1/cases/" + other.case_id + "/messages", message_body("x" + std::to_string(i), "m"),
                         other.cookie).status, 201);
  // Then an event of its own, as a fence.
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("mine", "m"), g.cookie).status, 201);
  ASSERT_TRUE(s.wait_for(has_message(g.case_id, 1)));
  EXPECT_EQ(s.comments("keepalive"), 0);
  EXPECT_EQ(s.events().size(), 1u);
}

TEST(Events, PerSessionCapRefusesWith429UntilAStreamCloses) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 2);
  std::vector<std::unique_ptr<SseClient>> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(std::make_unique<SseClient>(relay.port(), guests[0].cookie));
    ASSERT_TRUE(open.back()->wait_connected());
  }
  {
    SseClient fifth(relay.port(), guests[0].cookie);
    EXPECT_EQ(fifth.wait_status(), 429);
    ASSERT_TRUE(fifth.wait_ended(10s));
    EXPECT_NE(fifth.raw().find("rate_limited"), std::string::npos);
  }
  // Another session is not affected.
  SseClient other(relay.port(), guests[1].cookie);
  EXPECT_TRUE(other.wait_connected());
  // A client that goes away frees its place: the relay notices when it probes.
  open.front()->stop();
  open.erase(open.begin());
  // (The relay probes and waits briefly before refusing; a loaded machine may
  // need the client's retry, as after any 429.)
  std::unique_ptr<SseClient> again;
  for (int attempt = 0; attempt < 10; ++attempt) {
    again = std::make_unique<SseClient>(relay.port(), guests[0].cookie);
    if (again->wait_status() == 200) break;
  }
  ASSERT_EQ(again->wait_status(), 200);
  EXPECT_TRUE(again->wait_connected());
  // The live ones survived the probe and still get events.
  ASSERT_EQ(relay.post("/api/v1/cases/" + guests[0].case_id + "/messages", message_body("p", "还在吗？👀"),
                       guests[0].cookie).status, 201);
  for (auto& s : open) EXPECT_TRUE(s->wait_for(has_message(guests[0].case_id, 1)));
  EXPECT_TRUE(again->wait_for(has_message(guests[0].case_id, 1)));
}

TEST(Events, StreamsNeedASessionAndEndWhenTheRelayStops) {
  RelayProcess relay;
  {
    SseClient anonymous(relay.port(), "");
    EXPECT_EQ(anonymous.wait_status(), 401);
  }
  const auto g = load_guests(relay, "intake", 1)[0];
  SseClient a(relay.port(), g.cookie), b(relay.port(), relay.staff_cookie("intake1@demo.test"));
  ASSERT_TRUE(a.wait_connected());
  ASSERT_TRUE(b.wait_connected());
  const auto t0 = std::chrono::steady_clock::now();
  relay.stop();  // SIGTERM; SIGKILL after 5 s if it hangs
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(took, 3s) << "open streams held the relay's stop";
  EXPECT_TRUE(a.wait_ended(5s));
  EXPECT_TRUE(b.wait_ended(5s));
}
