// Hostile clients against the real relay (issue 10), over raw sockets where
// HTTP clients would refuse to send such things: oversized and malformed
// request lines and headers, bodies shorter or longer than their
// Content-Length, deep JSON, invalid UTF-8, NUL bytes, huge numbers, wrong
// types; then slow clients that never finish a head or a body and piles of
// idle connections. Every answer is a 4xx in the contract's format or a closed
// connection, never a 5xx; nothing changes; and the relay keeps answering a
// normal client while the hostile connections are held.
//
// Hostile connections come from 127.0.0.2 (still loopback), the normal client
// from 127.0.0.1: the relay caps connections per client address.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <memory>

#include "case_helpers.hpp"

using namespace foxo::test;

namespace {

const bool kIgnoreSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

// One raw TCP connection to the relay.
class RawConn {
 public:
  RawConn(int port, const char* from = "127.0.0.2") {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConn() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConn(const RawConn&) = delete;

  bool connected() const { return connected_; }
  // Sends everything; false once the relay has closed or reset the connection.
  bool send(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    return true;
  }
  void finish_sending() { ::shutdown(fd_, SHUT_WR); }
  // Everything the relay sends until it closes the connection (or `timeout_s`
  // passes: a wait bound, not a measurement).
  std::string read_all(int timeout_s = 60) {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    char buf[8192];
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
      if (left <= 0) return out;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) return out;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        return out;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  bool closed() const { return closed_; }
  // True while the relay has neither answered nor closed this connection.
  bool held() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

// The status of every response in `raw` (pipelined answers included).
std::vector<int> statuses(const std::string& raw) {
  std::vector<int> out;
  std::size_t pos = 0;
  while ((pos = raw.find("HTTP/1.1 ", pos)) != std::string::npos) {
    out.push_back(std::atoi(raw.c_str() + pos + 9));
    pos += 9;
  }
  return out;
}

// Every answer a 4xx with the contract's error body, or none (closed).
void expect_refused(const std::string& label, const std::string& raw) {
  const auto st = statuses(raw);
  for (int s : st) EXPECT_TRUE(s >= 400 && s < 500) << label << ": status " << s << "\n" << raw.substr(0, 400);
  if (!st.empty()) {
    const auto body_at = raw.find("\r\n\r\n");
    ASSERT_NE(body_at, std::string::npos) << label;
    const auto end = raw.find("HTTP/1.1 ", body_at);
    const json body = json::parse(raw.substr(body_at + 4, end == std::string::npos ? std::string::npos : end - body_at - 4),
                                  nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error") && body["error"].contains("code") &&
                body["error"].contains("message"))
        << label << ": " << raw.substr(0, 400);
  }
}

std::string exchange(int port, const std::string& request, bool half_close = true) {
  RawConn c(port);
  if (!c.connected()) return "not connected";
  c.send(request);
  if (half_close) c.finish_sending();
  return c.read_all();
}

void expect_healthy(const RelayProcess& relay) {
  const auto h = relay.get("/api/v1/health");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body.value("status", ""), "ok");
}

}  // namespace

TEST(HostileClients, MalformedAndOversizedHeadsAreRefusedWithout5xx) {
  RelayProcess relay;
  const int port = relay.port();
  const std::string big(20000, 'a');
  std::string many_headers = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 5000; ++i) many_headers += "X-H-" + std::to_string(i) + ": v\r\n";
  many_headers += "\r\n";
  std::string fat_headers = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 20; ++i) fat_headers += "X-Fat-" + std::to_string(i) + ": " + std::string(8000, 'f') + "\r\n";
  fat_headers += "\r\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"oversized request line", "GET /" + big + " HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"oversized header line", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n"},
      {"too many headers", many_headers},
      {"too many header bytes", fat_headers},
      {"TLS hello to plain HTTP", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n"},
      {"binary junk", std::string("\x00\x01\x02\xff\xfe\r\n\r\n", 9)},
      {"no version", "GET /api/v1/health\r\n\r\n"},
      {"unknown method", "BREW /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"unknown version", "GET /api/v1/health HTTP/9.9\r\nHost: x\r\n\r\n"},
      {"NUL in the path", std::string("GET /api/v1/he\0alth HTTP/1.1\r\nHost: x\r\n\r\n", 41)},
      {"NUL in a header", std::string("GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 48)},
      {"header without colon", "GET /api/v1/nope HTTP/1.1\r\nHost x\r\nJunk\r\n\r\n"},
      {"bare LF lines", "GET /api/v1/nope HTTP/1.1\nHost: x\n\n"},
      {"path traversal", "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"encoded traversal", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"invalid UTF-8 in the query",
       "GET /api/v1/staff/cases?status=%FF%FE%C0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"letters in Content-Length",
       "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}"},
      {"negative Content-Length",
       "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}"},
      {"huge Content-Length",
       "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n{}"},
      {"two Content-Lengths",
       "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 900\r\n\r\n{}"},
      {"chunked body", "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
      {"body shorter than Content-Length",
       "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"email\":"},
      {"body longer than Content-Length",
       "POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"email\":\"a@b.c\",\"password\":\"xxxxxxxxxxxx\"}"
       "\r\n\r\n"},
      {"multipart without boundary",
       "POST /api/v1/cases/x/attachments HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\n"
       "Content-Length: 4\r\n\r\nabcd"},
  };
  for (const auto& [label, request] : cases) expect_refused(label, exchange(port, request));
  expect_healthy(relay);
}

// A head that never ends is cut at the relay's cap: it stops reading (431 and
// close) long before the client has sent its 10 MB, so memory stays bounded.
TEST(HostileClients, AnEndlessHeadIsCutOffAtTheCap) {
  RelayProcess relay;
  RawConn c(relay.port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"));
  std::size_t sent = 0;
  const std::string chunk = "X-Filler: " + std::string(1000, 'z') + "\r\n";
  while (sent < 10u * 1024 * 1024 && c.send(chunk)) sent += chunk.size();
  const std::string answer = c.read_all();
  EXPECT_LT(sent, 10u * 1024 * 1024) << "the relay kept reading";
  EXPECT_EQ(statuses(answer), std::vector<int>{431}) << answer.substr(0, 300);
  expect_refused("endless head", answer);
  expect_healthy(relay);
}

TEST(HostileClients, HostileJsonBodiesGet400AndChangeNothing) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  const std::string admin = relay.staff_cookie("admin@demo.test");
  const std::string messages = "/api/v1/cases/" + g.case_id + "/messages";
  const std::string deep_arrays = std::string(100000, '[') + std::string(100000, ']');
  std::string deep_objects;
  for (int i = 0; i < 100000; ++i) deep_objects += "{\"a\":";
  deep_objects += "1" + std::string(100000, '}');
  const std::string big_string = "{\"client_id\":\"c1\",\"body\":\"" + std::string(300 * 1024, 'x') + "\"}";
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"deep arrays", deep_arrays},
      {"deep objects", deep_objects},
      {"deep inside a field", "{\"client_id\":\"c1\",\"body\":" + deep_arrays + "}"},
      {"invalid UTF-8 in a string", "{\"client_id\":\"c1\",\"body\":\"caf\xC3\x28 \xFF\xFE\"}"},
      {"overlong UTF-8", "{\"client_id\":\"c1\",\"body\":\"\xC0\xAF\"}"},
      {"UTF-16 surrogate in UTF-8", "{\"client_id\":\"c1\",\"body\":\"\xED\xA0\x80\"}"},
      {"lone surrogate escape", R"({"client_id":"c1","body":"\ud800"})"},
      {"raw NUL in a string", std::string("{\"client_id\":\"c1\",\"body\":\"a\0b\"}", 30)},
      {"NUL after the JSON", std::string("{\"client_id\":\"c1\",\"body\":\"ab\"}\0", 31)},
      {"huge exponent", R"({"client_id":"c1","body":1e400})"},
      {"huge integer", R"({"client_id":99999999999999999999999999,"body":"x"})"},
      {"wrong types", R"({"client_id":{},"body":["x"]})"},
      {"null fields", R"({"client_id":null,"body":null})"},
      {"array at the top", R"([{"client_id":"c1","body":"x"}])"},
      {"string at the top", R"("hello")"},
      {"empty body", ""},
      {"truncated", R"({"client_id":"c1","bo)"},
      {"trailing garbage", R"({"client_id":"c1","body":"x"} {"again":1})"},
      {"over the JSON limit", big_string},
      {"bad client_id", R"({"client_id":"has spaces and ünïcode","body":"x"})"},
      {"empty message", R"({"client_id":"c1","body":""})"},
  };
  for (const auto& [label, body] : bodies) {
    const auto r = relay.post_raw(messages, body, "application/json", g.cookie);
    EXPECT_TRUE(r.status >= 400 && r.status < 500) << label << ": " << r.status << " " << r.raw.substr(0, 200);
    EXPECT_FALSE(r.error_code().empty()) << label << ": " << r.raw.substr(0, 200);
  }
  // Same kinds of bodies on every other JSON route: 4xx, never 5xx.
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/v1/staff/login", ""},       {"/api/v1/guest/otp", ""},
      {"/api/v1/guest/otp/verify", ""},  {"/api/v1/guest/resume", ""},
      {"/api/v1/guest/cases", g.cookie}, {"/api/v1/cases/" + g.case_id + "/seen", g.cookie},
      {"/api/v1/dev/clock/advance", ""}, {"/api/v1/dev/load-fixture", ""},
  };
  for (const auto& [path, cookie] : routes)
    for (const auto& [label, body] : bodies) {
      const auto r = relay.post_raw(path, body, "application/json", cookie);
      EXPECT_TRUE(r.status >= 400 && r.status < 500) << path << " " << label << ": " << r.status << " "
                                                     << r.raw.substr(0, 200);
    }
  for (const auto& [label, body] : bodies) {
    httplib::Client c("127.0.0.1", relay.port());
    auto r = c.Put("/api/v1/admin/identifiers", {{"Cookie", admin}}, body, "application/json");
    ASSERT_TRUE(r) << label;
    EXPECT_TRUE(r->status >= 400 && r->status < 500) << "identifiers " << label << ": " << r->status;
  }
  // Numbers at the edges where the relay does arithmetic.
  for (const std::string& body : {R"({"seconds":9223372036854775807})", R"({"seconds":-1})", R"({"seconds":1.5})"})
    EXPECT_EQ(relay.post_raw("/api/v1/dev/clock/advance", body, "application/json").status, 400) << body;
  for (const std::string& body : {R"({"seq":-1})", R"({"seq":1e300})", R"({"seq":"3"})"})
    EXPECT_EQ(relay.post_raw("/api/v1/cases/" + g.case_id + "/seen", body, "application/json", g.cookie).status, 400)
        << body;
  EXPECT_EQ(relay.post_raw("/api/v1/cases/" + g.case_id + "/seen", R"({"seq":9223372036854775807})",
                           "application/json", g.cookie)
                .status,
            204);  // larger than the last seq is capped, not an error

  // Nothing was stored, and the escaped forms that are valid JSON round-trip intact.
  EXPECT_EQ(relay.get("/api/v1/cases/" + g.case_id, g.cookie).body["messages"].size(), 0u);
  const auto ok = relay.post_raw(messages, R"({"client_id":"c-ok","body":"caf\u00e9 \u2713 \ud83d\ude00"})",
                                 "application/json", g.cookie);
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body["body"], "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
  const auto nul = relay.post_raw(messages, R"({"client_id":"c-nul","body":"a\u0000b"})", "application/json", g.cookie);
  EXPECT_TRUE(nul.status == 400 || (nul.status == 201 && nul.body["body"] == std::string("a\0b", 3))) << nul.raw;
  expect_healthy(relay);
}

// An attachment name with invalid UTF-8 (multipart is not JSON) is stored
// and served without breaking the JSON of the case or of the event stream.
TEST(HostileClients, InvalidUtf8InAFileNameNeverBreaksAnAnswer) {
  RelayProcess relay;
  const auto g = load_guests(relay, "intake", 1, "intake1@demo.test")[0];
  SseClient sse(relay.port(), g.cookie);
  ASSERT_TRUE(sse.wait_connected());
  const std::string boundary = "----foxo-hostile";
  const std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r\xFF\xFE\xC0" +
                           "port.txt\"\r\nContent-Type: text/plain\r\n\r\nplain notes\r\n--" + boundary + "--\r\n";
  const auto up = relay.post_raw("/api/v1/cases/" + g.case_id + "/attachments", body,
                                 "multipart/form-data; boundary=" + boundary, g.cookie);
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_TRUE(up.body.is_object());
  const auto view = relay.get("/api/v1/cases/" + g.case_id, g.cookie);
  EXPECT_EQ(view.status, 200);
  EXPECT_TRUE(view.body.is_object()) << view.raw.substr(0, 300);
  EXPECT_TRUE(sse.wait_for([](const auto& ev) { return !ev.empty() && ev.back().data.is_object(); }));
  const auto d = relay.get("/api/v1/attachments/" + up.body["attachment"]["id"].get<std::string>(), g.cookie);
  EXPECT_EQ(d.status, 200);
  EXPECT_EQ(d.raw, "plain notes");
}

// Slow clients and piles of connections from one address: the relay keeps
// answering others while they are held, refuses those beyond its per-address
// cap at once (429), ends slow heads (408) and stalled bodies, and survives.
TEST(HostileClients, SlowAndExcessConnectionsDoNotStopOthers) {
  RelayProcess::Options o;
  o.extra_args = {"--max-streams", "8"};  // 24 workers: easy to exhaust without the caps
  o.env.push_back({"FOXO_MAX_PENDING_PER_ADDRESS", "16"});
  // The 10 s for a head and 30 s for a stalled body, shortened so this ends
  // in seconds; still long enough to hold them while the others are answered.
  o.env.push_back({"FOXO_HEAD_TIMEOUT_S", "5"});
  o.env.push_back({"FOXO_READ_TIMEOUT_S", "8"});
  RelayProcess relay(o);
  const int port = relay.port();
  std::vector<std::unique_ptr<RawConn>> slow_heads, slow_bodies, idle;
  // Stalled bodies first, then heads that never end, then a pile of silent
  // connections: together far more than the 24 workers.
  for (int i = 0; i < 8; ++i) {
    slow_bodies.push_back(std::make_unique<RawConn>(port));
    slow_bodies.back()->send("POST /api/v1/staff/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Content-Length: 1000\r\n\r\n{\"email\":");  // 990 bytes never come
  }
  for (int i = 0; i < 40; ++i) {
    slow_heads.push_back(std::make_unique<RawConn>(port));
    slow_heads.back()->send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");  // never finished
  }
  for (int i = 0; i < 100; ++i) idle.push_back(std::make_unique<RawConn>(port));  // connect, say nothing

  // A normal client (another address) is answered while they are held.
  for (int i = 0; i < 5; ++i) expect_healthy(relay);
  const std::string staff = relay.staff_cookie("intake1@demo.test");
  EXPECT_EQ(relay.get("/api/v1/staff/queue", staff).status, 200);
  auto held = [](const auto& v) {
    int n = 0;
    for (const auto& c : v) n += c->held() ? 1 : 0;
    return n;
  };
  const int still_held = held(slow_heads) + held(slow_bodies) + held(idle);
  EXPECT_GT(still_held, 0) << "answered while hostile connections were still open";

  // Every hostile connection ends with a 4xx or a close, never a 5xx.
  int refused_429 = 0, timed_out_408 = 0;
  for (auto* v : {&slow_heads, &slow_bodies, &idle})
    for (auto& c : *v) {
      const std::string answer = c->read_all(90);
      EXPECT_TRUE(c->closed()) << "the relay closes it";
      expect_refused("slow/idle connection", answer);
      for (int s : statuses(answer)) {
        refused_429 += s == 429;
        timed_out_408 += s == 408;
      }
    }
  EXPECT_GT(refused_429, 0);
  EXPECT_GT(timed_out_408, 0);
  expect_healthy(relay);
}
