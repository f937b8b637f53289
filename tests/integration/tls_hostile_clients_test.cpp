// Hostile clients over HTTPS (--tls-cert/--tls-key): the same request-head
// limits as plain HTTP (hostile_clients_test.cpp), and a TLS handshake that
// never completes is cut off too. The client side is OpenSSL driven by hand
// so that it can stall a handshake, dribble a head or overstay the cap.
//
// Hostile connections come from 127.0.0.2 (still loopback), the normal client
// from 127.0.0.1: the relay caps connections per client address.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "relay_process.hpp"

using namespace foxo::test;

namespace {

const bool kIgnoreSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

struct Cert {
  std::string dir, cert, key;
  Cert() {
    char t[] = "/tmp/foxo-tls-XXXXXX";
    dir = mkdtemp(t);
    cert = dir + "/cert.pem";
    key = dir + "/key.pem";
    const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "
                            "/CN=127.0.0.1 -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl req failed");
  }
  ~Cert() { std::filesystem::remove_all(dir); }
};

// One TCP connection from 127.0.0.2, optionally with a completed TLS handshake.
class TlsConn {
 public:
  TlsConn(int port, bool handshake) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.2", &local.sin_addr);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    // Wait bounds for blocking reads and writes (not measurements).
    timeval tv{60, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (!connected_ || !handshake) return;
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);  // a self-signed test certificate
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    handshaken_ = SSL_connect(ssl_) == 1;
  }
  ~TlsConn() {
    if (ssl_) SSL_free(ssl_);
    if (ctx_) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  TlsConn(const TlsConn&) = delete;

  bool connected() const { return connected_; }
  bool handshaken() const { return handshaken_; }
  // Bytes as they are, below TLS (a client that never finishes its handshake).
  bool send_raw(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // Application data over TLS.
  bool send(const std::string& bytes) {
    return SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) == static_cast<int>(bytes.size());
  }
  // Whether the relay has sent something or closed (waits up to `ms`).
  bool readable(int ms) const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }
  // Everything the relay sends over TLS until it closes (or the 60 s bound).
  std::string read_all() {
    std::string out;
    char buf[8192];
    for (;;) {
      const int n = SSL_read(ssl_, buf, sizeof buf);
      if (n > 0) {
        out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      closed_ = !(errno == EAGAIN || errno == EWOULDBLOCK) || SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN;
      return out;
    }
  }
  // Below TLS: true once the relay has closed the connection (within the 60 s bound).
  bool closed_raw() {
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) continue;
      return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
    }
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool connected_ = false, handshaken_ = false, closed_ = false;
};

std::vector<int> statuses(const std::string& raw) {
  std::vector<int> out;
  std::size_t pos = 0;
  while ((pos = raw.find("HTTP/1.1 ", pos)) != std::string::npos) {
    out.push_back(std::atoi(raw.c_str() + pos + 9));
    pos += 9;
  }
  return out;
}

std::string error_code(const std::string& raw) {
  const auto at = raw.find("\r\n\r\n");
  if (at == std::string::npos) return {};
  const json body = json::parse(raw.substr(at + 4), nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].value("code", std::string()) : std::string();
}

RelayProcess tls_relay(const Cert& c, std::vector<std::pair<std::string, std::string>> env = {}) {
  RelayProcess::Options o{true, {"--tls-cert", c.cert, "--tls-key", c.key}, "", {}};
  o.env = std::move(env);
  // The 10 s a head may take, shortened so the slow clients below end soon
  // (the waits they need scale with it; what is checked does not).
  o.env.push_back({"FOXO_HEAD_TIMEOUT_S", "4"});
  return RelayProcess(o);
}

void expect_healthy(const RelayProcess& relay) {
  const auto h = relay.get("/api/v1/health");
  EXPECT_EQ(h.status, 200);
}

constexpr auto kWaitBound = std::chrono::seconds(60);

}  // namespace

TEST(TlsHostileClients, AHandshakeThatNeverCompletesIsClosed) {
  Cert c;
  auto relay = tls_relay(c);
  TlsConn conn(relay.port(), false);
  ASSERT_TRUE(conn.connected());
  // A TLS record header announcing a 16 KiB handshake record, then its bytes
  // one at a time: each arrives well within any read timeout, the record never ends.
  ASSERT_TRUE(conn.send_raw(std::string("\x16\x03\x01\x40\x00", 5)));
  const auto until = std::chrono::steady_clock::now() + kWaitBound;
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() < until) {
    if (conn.readable(100)) closed = conn.closed_raw();
    else if (!conn.send_raw("A")) closed = true;
  }
  EXPECT_TRUE(closed) << "the relay kept waiting for the handshake";
  expect_healthy(relay);
}

TEST(TlsHostileClients, ADribbledHeadGets408) {
  Cert c;
  auto relay = tls_relay(c);
  TlsConn conn(relay.port(), true);
  ASSERT_TRUE(conn.handshaken());
  ASSERT_TRUE(conn.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  const auto until = std::chrono::steady_clock::now() + kWaitBound;
  while (std::chrono::steady_clock::now() < until && !conn.readable(200) && conn.send("a")) {
  }
  const std::string answer = conn.read_all();
  EXPECT_EQ(statuses(answer), std::vector<int>{408}) << answer.substr(0, 300);
  EXPECT_EQ(error_code(answer), "request_timeout") << answer;
  EXPECT_TRUE(conn.closed());
  expect_healthy(relay);
}

TEST(TlsHostileClients, OversizedHeadsGet431) {
  Cert c;
  auto relay = tls_relay(c);
  {
    TlsConn conn(relay.port(), true);
    ASSERT_TRUE(conn.handshaken());
    std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 200; ++i) head += "X-Line-" + std::to_string(i) + ": y\r\n";
    conn.send(head + "\r\n");
    const std::string answer = conn.read_all();
    EXPECT_EQ(statuses(answer), std::vector<int>{431}) << answer.substr(0, 300);
    EXPECT_EQ(error_code(answer), "too_large");
  }
  {
    TlsConn conn(relay.port(), true);
    ASSERT_TRUE(conn.handshaken());
    conn.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70 * 1024, 'z') + "\r\n\r\n");
    const std::string answer = conn.read_all();
    EXPECT_EQ(statuses(answer), std::vector<int>{431}) << answer.substr(0, 300);
  }
  expect_healthy(relay);
}

TEST(TlsHostileClients, ConnectionsOverTheAddressCapGet429) {
  Cert c;
  auto relay = tls_relay(c, {{"FOXO_MAX_PENDING_PER_ADDRESS", "4"}});
  std::vector<std::unique_ptr<TlsConn>> silent;
  for (int i = 0; i < 4; ++i) {
    silent.push_back(std::make_unique<TlsConn>(relay.port(), true));
    ASSERT_TRUE(silent.back()->handshaken()) << i;
  }
  // The fifth from that address completes its handshake and hears 429.
  TlsConn fifth(relay.port(), true);
  ASSERT_TRUE(fifth.handshaken());
  const std::string answer = fifth.read_all();
  EXPECT_EQ(statuses(answer), std::vector<int>{429}) << answer.substr(0, 300);
  EXPECT_EQ(error_code(answer), "rate_limited");
  // One that does not even handshake is closed.
  TlsConn mute(relay.port(), false);
  EXPECT_TRUE(mute.closed_raw());
  // Others are served meanwhile, and the four were held, not refused: each still gets its answer.
  expect_healthy(relay);
  for (const auto& s : silent) {
    ASSERT_TRUE(s->send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    EXPECT_EQ(statuses(s->read_all()), std::vector<int>{200});
  }
}
