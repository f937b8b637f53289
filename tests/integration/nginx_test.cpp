// The relay behind nginx with the shipped deploy/nginx/foxo-locations.conf: a
// guest and a staff member hold a conversation through nginx, event streams
// deliver through it unbuffered, rate limits count the client address nginx
// forwards (only because the relay trusts nginx's address), and a spoofed
// X-Forwarded-For changes nothing.
//
// The relays behind nginx come from relays_behind_nginx(). With SQLite a data
// dir has one relay (DATA/relay.lock), so the list holds one; in the pg.* run
// (a shared PostgreSQL store) it holds two, and least_conn puts the guest's and
// the staff member's event streams on different relays.
#include <gtest/gtest.h>

#include <memory>

#include "nginx_process.hpp"
#include "notify_helpers.hpp"

using namespace foxo::test;

namespace {

const std::string kLocations = std::string(FOXO_SOURCE_WWW_DIR) + "/../deploy/nginx/foxo-locations.conf";

std::vector<std::unique_ptr<RelayProcess>> relays_behind_nginx() {
  RelayProcess::Options o;
  // nginx connects to the relays from 127.0.0.1.
  o.extra_args = {"--trusted-proxy", "127.0.0.1", "--public-url", "https://chat.example.org"};
  std::vector<std::unique_ptr<RelayProcess>> out;
  if (!test_pg_server().empty()) {
    // The pg.* run: two relays on one fresh database, one attachment key.
    o.store_url = create_test_database();
    o.env = {{"FOXO_ATTACHMENT_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}};
    out.push_back(std::make_unique<RelayProcess>(o));
  }
  out.push_back(std::make_unique<RelayProcess>(o));
  return out;
}

std::int64_t open_streams(const RelayProcess& relay) {
  return relay.get("/api/v1/health").body.value("open_streams", std::int64_t{-1});
}

std::vector<int> ports_of(const std::vector<std::unique_ptr<RelayProcess>>& relays) {
  std::vector<int> out;
  for (const auto& r : relays) out.push_back(r->port());
  return out;
}

// An HTTP client to nginx whose connections come from `source` (any
// 127.0.0.0/8 address reaches loopback on Linux): a distinct client address.
Reply call(int port, const std::string& source, const std::string& method, const std::string& path,
           const json& body = nullptr, const std::string& cookie = "", httplib::Headers headers = {}) {
  httplib::Client c("127.0.0.1", port);
  c.set_interface(source);
  c.set_read_timeout(30);
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  httplib::Result r = method == "GET" ? c.Get(path.c_str(), headers)
                                      : c.Post(path.c_str(), headers, body.dump(), "application/json");
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.raw = r->body;
  out.headers = r->headers;
  out.body = json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

json otp_request(const std::string& phone) {
  return {{"team", "intake"}, {"first_name", "Aisha"}, {"last_name", "Al-Hassan حسن"}, {"phone", phone}};
}

}  // namespace

TEST(Nginx, AConversationWithLiveEventsThroughNginx) {
  auto relays = relays_behind_nginx();
  NginxProcess nginx(kLocations, ports_of(relays));
  const RelayProcess& guest_via = *relays.front();  // reads the dev outbox
  const int port = nginx.port();
  const std::string guest_ip = "127.0.0.3", staff_ip = "127.0.0.4";

  // The relay answers through nginx, with nginx's request id.
  auto health = call(port, guest_ip, "GET", "/api/v1/health");
  ASSERT_EQ(health.status, 200) << nginx.error_log();
  EXPECT_EQ(health.body["status"], "ok");
  EXPECT_EQ(health.header("X-Request-Id").size(), 32u);  // nginx's $request_id, kept by the relay
  // Operators' routes are not on the public site.
  EXPECT_EQ(call(port, guest_ip, "GET", "/metrics").status, 404);
  EXPECT_EQ(call(port, guest_ip, "GET", "/readyz").status, 404);

  // The guest verifies a phone and opens a case.
  const std::string phone = "+61412555001";
  const auto otp = call(port, guest_ip, "POST", "/api/v1/guest/otp", otp_request("0412 555 001"));
  ASSERT_EQ(otp.status, 202) << otp.raw;
  const auto v = call(port, guest_ip, "POST", "/api/v1/guest/otp/verify",
                      {{"challenge_id", otp.body["challenge_id"]}, {"code", guest_via.last_code_for(phone)}});
  ASSERT_EQ(v.status, 200) << v.raw;
  const std::string guest = v.set_cookie("foxo_guest");
  const auto c = call(port, guest_ip, "POST", "/api/v1/guest/cases",
                      {{"team", "intake"}, {"subject", "Request Call back"}, {"identifiers", {{"practice_name", "Bay"}}}},
                      guest);
  ASSERT_EQ(c.status, 201) << c.raw;
  const std::string case_id = c.body["id"];

  // Staff sign in and hold the team's event stream open through nginx.
  const auto login = call(port, staff_ip, "POST", "/api/v1/staff/login",
                          {{"email", "intake1@demo.test"}, {"password", "demo-password"}});
  ASSERT_EQ(login.status, 200) << login.raw;
  const std::string staff = login.set_cookie("foxo_staff");
  SseClient staff_stream(port, staff);
  SseClient guest_stream(port, guest);
  ASSERT_TRUE(staff_stream.wait_connected()) << nginx.error_log();
  ASSERT_TRUE(guest_stream.wait_connected());
  if (relays.size() == 2) {
    // least_conn sent the second long-lived stream to the other relay: each
    // party's stream is held by a different relay, so every message below
    // crosses relays (through PostgreSQL's NOTIFY) to reach one of them.
    EXPECT_EQ(open_streams(*relays[0]), 1);
    EXPECT_EQ(open_streams(*relays[1]), 1);
  }

  // Guest writes: the staff stream gets it while it stays open (unbuffered).
  ASSERT_EQ(call(port, guest_ip, "POST", "/api/v1/cases/" + case_id + "/messages", message_body("g1", "Chào nhóm 👋🏽"),
                 guest).status,
            201);
  ASSERT_TRUE(staff_stream.wait_for([&](const auto& ev) { return message_seqs(ev, case_id).size() == 1; }))
      << staff_stream.raw();
  // Staff claim and answer: the guest's stream gets it.
  ASSERT_EQ(call(port, staff_ip, "POST", "/api/v1/staff/cases/" + case_id + "/claim", json::object(), staff).status,
            200);
  ASSERT_EQ(call(port, staff_ip, "POST", "/api/v1/cases/" + case_id + "/messages", message_body("s1", "Đang gọi cho bạn 📞"),
                 staff).status,
            201);
  ASSERT_TRUE(guest_stream.wait_for([&](const auto& ev) { return message_seqs(ev, case_id).size() == 2; }))
      << guest_stream.raw();
  const auto seqs = message_seqs(guest_stream.events(), case_id);
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2}));
  // Both streams are still open: the events came through before any end.
  EXPECT_FALSE(staff_stream.wait_ended(std::chrono::milliseconds(0)));
  EXPECT_FALSE(guest_stream.wait_ended(std::chrono::milliseconds(0)));

  // The whole transcript, read through nginx.
  const auto transcript = call(port, staff_ip, "GET", "/api/v1/cases/" + case_id, nullptr, staff);
  ASSERT_EQ(transcript.status, 200);
  EXPECT_EQ(transcript.body["messages"].size(), 2u);
}

TEST(Nginx, RateLimitsCountTheForwardedAddressAndIgnoreSpoofing) {
  auto relays = relays_behind_nginx();
  NginxProcess nginx(kLocations, ports_of(relays));
  const int port = nginx.port();
  // 30 code sends per client address per 10 minutes (docs/API.md), each to a new number.
  int n = 0;
  auto next_phone = [&n] {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0412 6%02d %03d", n / 1000, n % 1000);
    ++n;
    return std::string(buf);
  };
  for (int i = 0; i < 30; ++i) {
    const auto r = call(port, "127.0.0.2", "POST", "/api/v1/guest/otp", otp_request(next_phone()));
    ASSERT_EQ(r.status, 202) << i << " " << r.raw << nginx.error_log();
  }
  auto r = call(port, "127.0.0.2", "POST", "/api/v1/guest/otp", otp_request(next_phone()));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "rate_limited");
  EXPECT_FALSE(r.header("Retry-After").empty());
  // The same client claiming another address in X-Forwarded-For: nginx
  // appends the real one and the relay reads from the right.
  r = call(port, "127.0.0.2", "POST", "/api/v1/guest/otp", otp_request(next_phone()), "",
           {{"X-Forwarded-For", "127.0.0.9"}, {"X-Real-IP", "127.0.0.9"}});
  EXPECT_EQ(r.status, 429);
  // Another client address through the same nginx is not limited.
  r = call(port, "127.0.0.3", "POST", "/api/v1/guest/otp", otp_request(next_phone()));
  EXPECT_EQ(r.status, 202) << r.raw;
  // Straight to the relay from an untrusted peer, the headers mean nothing:
  // 127.0.0.2 stays limited whatever it claims.
  httplib::Client direct("127.0.0.1", relays.front()->port());
  direct.set_interface("127.0.0.2");
  auto d = direct.Post("/api/v1/guest/otp", {{"X-Forwarded-For", "127.0.0.3"}, {"X-Real-IP", "127.0.0.3"}},
                       otp_request(next_phone()).dump(), "application/json");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 429);
}
