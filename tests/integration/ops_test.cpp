// The operator's toolkit on the real relay: JSON logs with request ids and no
// secrets, liveness and readiness, /metrics counters and who may read them,
// and graceful shutdown (every acknowledged message kept, streams ended
// cleanly, exit 0).
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>

#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kIvy = "intake1@demo.test";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string cookie_value(const std::string& cookie) { return cookie.substr(cookie.find('=') + 1); }

// The value of one series in a Prometheus text exposition ("name{labels}"), or -1.
double metric(const std::string& text, const std::string& series) {
  for (const auto& line : lines_of(text))
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  return -1;
}

std::string scrape(const RelayProcess& relay) {
  const auto r = relay.get("/metrics");
  if (r.status != 200) throw std::runtime_error("GET /metrics: " + std::to_string(r.status) + " " + r.raw);
  return r.raw;
}

}  // namespace

TEST(Ops, LogsAreOneJsonObjectPerLineWithRequestIdsAndNoSecrets) {
  RelayProcess::Options o;
  o.quiet = false;
  o.capture_log = true;
  RelayProcess relay(o);
  const std::string phone = "+61412345678";

  // A guest signs in by code (sent with our own request id)...
  const auto otp = relay.post("/api/v1/guest/otp",
                              {{"team", "intake"}, {"first_name", "Ananya"}, {"last_name", "शर्मा"}, {"phone", "0412 345 678"}},
                              "", {{"X-Request-Id", "it-ops-otp-1"}});
  ASSERT_EQ(otp.status, 202) << otp.raw;
  EXPECT_EQ(otp.header("X-Request-Id"), "it-ops-otp-1");
  const std::string code1 = relay.last_code_for(phone);
  ASSERT_EQ(code1.size(), 6u);
  const auto v = relay.post("/api/v1/guest/otp/verify", {{"challenge_id", otp.body["challenge_id"]}, {"code", code1}});
  ASSERT_EQ(v.status, 200) << v.raw;
  const std::string guest = v.set_cookie("foxo_guest");
  // ... an id that is not sane is replaced, never echoed.
  const auto odd = relay.get("/api/v1/guest/me", guest, {{"X-Request-Id", "bad id\"}"}});
  EXPECT_EQ(odd.status, 200);
  EXPECT_FALSE(odd.header("X-Request-Id").empty());
  EXPECT_NE(odd.header("X-Request-Id"), "bad id\"}");

  // ... opens a case and writes; staff claim and answer; the guest is away, so
  // an SMS with a resume link goes out; a new browser follows the link.
  const auto c = relay.post("/api/v1/guest/cases",
                            {{"team", "intake"}, {"subject", "Missing Report"}, {"identifiers", {{"practice_name", "Elm St"}}}},
                            guest);
  ASSERT_EQ(c.status, 201) << c.raw;
  const std::string case_id = c.body["id"];
  ASSERT_EQ(relay.post("/api/v1/cases/" + case_id + "/messages", message_body("g1", "नमस्ते 🙏"), guest).status, 201);
  const std::string staff = relay.staff_cookie(kIvy);
  ASSERT_EQ(relay.post("/api/v1/staff/cases/" + case_id + "/claim", json::object(), staff).status, 200);
  staff_message(relay, staff, case_id, "s1");
  relay.advance_clock(5 * kMinute);
  const auto links = link_sms_to(relay, phone);
  ASSERT_EQ(links.size(), 1u);
  const std::string token = link_token(links[0]);
  ASSERT_FALSE(token.empty());
  relay.get("/r/" + token);  // the link itself (the page; 503 when the web client is not built)
  const auto resumed = relay.post("/api/v1/guest/resume", {{"token", token}});
  ASSERT_EQ(resumed.status, 200) << resumed.raw;
  ASSERT_EQ(resumed.body["authenticated"], false);
  const std::string code2 = relay.last_code_for(phone);
  const auto v2 =
      relay.post("/api/v1/guest/otp/verify", {{"challenge_id", resumed.body["challenge_id"]}, {"code", code2}});
  ASSERT_EQ(v2.status, 200) << v2.raw;
  const std::string guest2 = v2.set_cookie("foxo_guest");
  relay.stop();
  ASSERT_EQ(relay.exit_status(), 0);

  const std::string log = relay.log_text();
  const auto lines = lines_of(log);
  ASSERT_GT(lines.size(), 15u);
  int requests = 0;
  bool saw_own_id = false, saw_link_route = false;
  for (const auto& line : lines) {
    const json j = json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << "not a JSON object: " << line;
    EXPECT_TRUE(j.contains("ts") && j.contains("level") && j.contains("event")) << line;
    if (j["event"] == "http.request") {
      ++requests;
      EXPECT_TRUE(j["request_id"].is_string()) << line;
      EXPECT_TRUE(j["route"].is_string() && j["status"].is_number() && j["duration_ms"].is_number()) << line;
      if (j["request_id"] == "it-ops-otp-1") saw_own_id = j["route"] == "/api/v1/guest/otp" && j["status"] == 202;
      if (j["route"] == "/r/{token}") saw_link_route = true;
    }
  }
  EXPECT_GE(requests, 12);
  EXPECT_TRUE(saw_own_id);
  EXPECT_TRUE(saw_link_route);
  // None of the secrets, nor the full phone number in any form.
  for (const std::string& secret : {code1, code2, cookie_value(guest), cookie_value(guest2), cookie_value(staff),
                                    token, std::string("demo-password"), phone, std::string("412345678"),
                                    std::string("0412 345 678")})
    EXPECT_EQ(log.find(secret), std::string::npos) << "the log holds a secret: " << secret;
  EXPECT_NE(log.find("+61******678"), std::string::npos);  // masked as the API masks
}

TEST(Ops, LivenessAndReadiness) {
  RelayProcess relay;
  auto r = relay.get("/livez");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "alive");
  r = relay.get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "ready");
  EXPECT_EQ(r.body["store"], test_pg_server().empty() ? "sqlite" : "postgresql");
  EXPECT_GT(r.body["schema_version"].get<int>(), 0);
  // The contract's health route is still there.
  EXPECT_EQ(relay.get("/api/v1/health").body["status"], "ok");
}

TEST(Ops, ReadinessTurns503DuringTheDrainWhileLivenessStays) {
  RelayProcess::Options o;
  o.extra_args = {"--drain-seconds", "3"};
  RelayProcess relay(o);
  ASSERT_EQ(relay.get("/readyz").status, 200);
  ASSERT_EQ(::kill(relay.pid(), SIGTERM), 0);
  // The signal is handled on another thread: poll readiness, with a deadline.
  Reply r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  do {
    r = relay.get("/readyz");
  } while (r.status == 200 && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.error_code(), "unavailable");
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_EQ(relay.get("/livez").status, 200);
  EXPECT_EQ(metric(scrape(relay), "foxo_ready"), 0);
  relay.stop();
  EXPECT_EQ(relay.exit_status(), 0);
}

TEST(Ops, MetricsCountersMoveAfterRequests) {
  RelayProcess relay(fast_keepalive());  // a closed stream is noticed within 50 ms
  const auto g = load_guests(relay, "intake", 1, kIvy)[0];
  const std::string posted = R"(foxo_http_requests_total{method="POST",route="/api/v1/cases/{id}/messages",status="201"})";
  const std::string guest_msgs = R"(foxo_messages_committed_total{author="guest"})";
  const std::string sms_sent = R"(foxo_sms_sent_total{gateway="dev-outbox"})";
  const std::string before = scrape(relay);
  EXPECT_NE(before.find("# TYPE foxo_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_EQ(metric(before, guest_msgs), 0);
  EXPECT_EQ(metric(before, "foxo_event_streams_open"), 0);

  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("m1", "one"), g.cookie).status, 201);
  ASSERT_EQ(relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("m2", "two"), g.cookie).status, 201);
  // A retry of m2 is the same message: answered, not committed again.
  relay.post("/api/v1/cases/" + g.case_id + "/messages", message_body("m2", "two"), g.cookie);
  ASSERT_EQ(relay.post("/api/v1/guest/otp", {{"team", "intake"}, {"first_name", "Бо"}, {"last_name", "Иванов"},
                                             {"phone", "0412 000 111"}})
                .status,
            202);
  SseClient stream(relay.port(), g.cookie);
  ASSERT_TRUE(stream.wait_connected());

  const std::string after = scrape(relay);
  EXPECT_EQ(metric(after, guest_msgs), 2);
  EXPECT_GE(metric(after, posted), 2);
  EXPECT_EQ(metric(after, sms_sent), metric(before, sms_sent) + 1);
  EXPECT_EQ(metric(after, "foxo_event_streams_open"), 1);
  EXPECT_GE(metric(after, R"(foxo_http_request_duration_seconds_count{method="POST",route="/api/v1/cases/{id}/messages"})"), 2);
  EXPECT_EQ(metric(after, "foxo_sms_queue_depth"), 0);
  EXPECT_GE(metric(after, "foxo_job_lag_seconds"), 0);
  // Labels are route patterns: no case id ever appears.
  EXPECT_EQ(after.find(g.case_id), std::string::npos);
  // The unseen-activity SMS queue: a staff message schedules one, due 5 min later.
  staff_message(relay, relay.staff_cookie(kIvy), g.case_id, "s1");
  stream.stop();
  ASSERT_TRUE(wait_open_streams(relay, 0));
  EXPECT_EQ(metric(scrape(relay), "foxo_sms_queue_scheduled"), 1);
}

TEST(Ops, MetricsAreForLoopbackOrTheBearerToken) {
  RelayProcess::Options o;
  o.env = {{"FOXO_METRICS_TOKEN", "s3cret-metrics-token-0123"}};
  RelayProcess relay(o);
  EXPECT_EQ(relay.get("/metrics").status, 200);  // loopback
  // Through a proxy (forwarding headers): not local any more.
  auto r = relay.get("/metrics", "", {{"X-Forwarded-For", "203.0.113.5"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "forbidden");
  r = relay.get("/metrics", "", {{"X-Real-IP", "203.0.113.5"}, {"Authorization", "Bearer wrong-token-xxxxxxxxxx"}});
  EXPECT_EQ(r.status, 403);
  r = relay.get("/metrics", "", {{"X-Real-IP", "203.0.113.5"}, {"Authorization", "Bearer s3cret-metrics-token-0123"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("Content-Type").find("text/plain; version=0.0.4"), std::string::npos);
}

TEST(Ops, GracefulShutdownKeepsEveryAcknowledgedMessageAndEndsStreamsCleanly) {
  RelayProcess relay;
  const auto guests = load_guests(relay, "intake", 4, kIvy);
  const std::string staff = relay.staff_cookie(kIvy);
  SseClient staff_stream(relay.port(), staff);
  SseClient guest_stream(relay.port(), guests[0].cookie);
  ASSERT_TRUE(staff_stream.wait_connected());
  ASSERT_TRUE(guest_stream.wait_connected());

  // A burst: four senders post until the relay stops answering.
  std::mutex m;
  std::condition_variable cv;
  std::map<std::string, std::set<std::string>> acknowledged;  // case -> client ids answered 201
  int total = 0;
  std::vector<std::thread> senders;
  for (const auto& g : guests)
    senders.emplace_back([&, g] {
      auto client = relay.client();
      client.set_read_timeout(30);
      for (int i = 0; i < 2000; ++i) {
        const std::string id = "burst-" + std::to_string(i);
        auto r = client.Post(("/api/v1/cases/" + g.case_id + "/messages").c_str(), {{"Cookie", g.cookie}},
                             message_body(id, "message " + std::to_string(i)).dump(), "application/json");
        if (!r || r->status != 201) return;
        std::lock_guard lock(m);
        acknowledged[g.case_id].insert(id);
        ++total;
        cv.notify_all();
      }
    });
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return total >= 40; }));
  }
  ASSERT_EQ(::kill(relay.pid(), SIGTERM), 0);
  for (auto& t : senders) t.join();
  relay.stop();  // waits for the exit
  EXPECT_EQ(relay.exit_status(), 0);
  ASSERT_TRUE(staff_stream.wait_ended(std::chrono::seconds(10)));
  ASSERT_TRUE(guest_stream.wait_ended(std::chrono::seconds(10)));
  EXPECT_TRUE(staff_stream.ended_cleanly()) << staff_stream.raw().substr(0, 200);
  EXPECT_TRUE(guest_stream.ended_cleanly());
  EXPECT_GT(staff_stream.events().size(), 0u);

  relay.restart();
  const std::string staff2 = relay.staff_cookie(kIvy);
  int found = 0;
  for (const auto& [case_id, ids] : acknowledged) {
    const auto c = relay.get("/api/v1/cases/" + case_id, staff2);
    ASSERT_EQ(c.status, 200);
    std::set<std::string> stored;
    for (const auto& msg : c.body["messages"]) stored.insert(msg["client_id"].get<std::string>());
    for (const auto& id : ids) {
      EXPECT_TRUE(stored.count(id)) << "acknowledged but lost: " << case_id << " " << id;
      found += stored.count(id) ? 1 : 0;
    }
  }
  EXPECT_EQ(found, total);
}
