// GuardedServer (guarded_server.hpp): httplib's request processing over a
// Stream that bounds each request head in time and size, and the per-address
// count of pending connections.
#include "http/guarded_server.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "core/log.hpp"

namespace foxo::relay::http {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string peer_ip(socket_t sock, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  *port = 0;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
  char host[NI_MAXHOST] = {0}, serv[NI_MAXSERV] = {0};
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return {};
  *port = std::atoi(serv);
  return host;
}

bool wait_for(socket_t sock, short events, int timeout_ms) {
  pollfd p{sock, events, 0};
  for (;;) {
    const int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    return r > 0;
  }
}

int ms_left(SteadyClock::time_point until) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
}

class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(GuardedServer& server, socket_t sock, SSL_CTX* tls)
      : server_(server), sock_(sock), tls_(tls), accepted_(SteadyClock::now()) {
    ip_ = peer_ip(sock, &port_);
  }
  ~GuardedStream() override {
    set_pending(false, false);
    if (ssl_) {
      if (tls_open_) SSL_shutdown(ssl_);  // best effort close_notify (non-blocking)
      SSL_free(ssl_);
    }
  }

  const std::string& ip() const { return ip_; }

  // A new connection: counts against its address's cap from now on (429
  // beyond it); under TLS, the handshake, bounded by the first head's
  // deadline (one second when over the cap, only to say 429). False when the
  // connection is to be closed.
  bool open() {
    const bool admitted = set_pending(true, false);
    if (tls_) {
      const auto budget = admitted ? std::chrono::seconds(server_.limits().head_timeout_s) : std::chrono::seconds(1);
      if (!handshake(accepted_ + budget)) {
        log::info("http.tls_handshake_failed", {{"address", ip_}});
        return false;
      }
    }
    if (!admitted) {
      send_error(429, "Too Many Requests", "rate_limited", "Too many open connections");
      return false;
    }
    return true;
  }

  // Waits for the next request's first byte: up to the head deadline for a
  // new connection (counted from its accept, so a TLS handshake uses part of
  // it), the keep-alive timeout after an answered request (shorter when the
  // workers are busy). False when nothing came or the server stops.
  bool next_request(bool first) {
    in_head_ = true;
    head_bytes_ = head_lines_ = 0;
    tail_ = 0;
    const auto head_time = std::chrono::seconds(server_.limits().head_timeout_s);
    deadline_ = (first ? accepted_ : SteadyClock::now()) + head_time;
    const auto until = first ? deadline_ : SteadyClock::now() + std::chrono::seconds(server_.keep_alive_timeout_s());
    bool ready = pos_ < len_ || (ssl_ && SSL_has_pending(ssl_));
    while (!ready && server_.listening()) {
      if (wait_for(sock_, POLLIN, 100)) {
        ready = true;
        break;
      }
      if (SteadyClock::now() >= until || (!first && server_.under_pressure())) return false;
    }
    if (!ready) return false;
    if (!first) {
      deadline_ = SteadyClock::now() + head_time;
      set_pending(true, true);  // a known client's next request: counted, never refused
    }
    return true;
  }
  bool refused() const { return refused_; }

  bool is_readable() const override {
    return pos_ < len_ || (ssl_ && SSL_has_pending(ssl_)) ||
           wait_for(sock_, POLLIN, static_cast<int>(server_.read_timeout_s() * 1000));
  }
  bool is_writable() const override {
    return !refused_ && wait_for(sock_, POLLOUT, static_cast<int>(server_.write_timeout_s() * 1000));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (refused_) return -1;
    if (pos_ >= len_ && !fill()) return -1;
    if (pos_ >= len_) return 0;  // end of stream
    std::size_t n = std::min(size, len_ - pos_);
    if (in_head_) n = std::min<std::size_t>(n, 1);  // head bytes are counted one by one
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    if (in_head_) count_head_byte(ptr[0]);
    if (refused_) return -1;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    // Answering: this connection no longer waits on its client (a slow body
    // counts as pending until here; an event stream stops counting now).
    set_pending(false, false);
    if (refused_) return -1;
    return send_some(ptr, size, static_cast<int>(server_.write_timeout_s() * 1000));
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = ip_;
    port = port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    char host[NI_MAXHOST] = {0}, serv[NI_MAXSERV] = {0};
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0 &&
        ::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host;
      port = std::atoi(serv);
    }
  }
  socket_t socket() const override { return sock_; }

 private:
  // Reads more bytes; false on error, timeout or a refused head. Under TLS a
  // record may arrive byte by byte: each wait is bounded by the same deadlines.
  bool fill() {
    pos_ = len_ = 0;
    const auto read_until = SteadyClock::now() + std::chrono::seconds(server_.read_timeout_s());
    for (;;) {
      auto until = read_until;
      if (in_head_) {
        if (SteadyClock::now() >= deadline_)
          return refuse(408, "Request Timeout", "request_timeout", "The request took too long to arrive");
        until = std::min(until, deadline_);
      }
      short want = POLLIN;
      if (ssl_) {
        const int n = SSL_read(ssl_, buf_, sizeof buf_);
        if (n > 0) {
          len_ = static_cast<std::size_t>(n);
          return true;
        }
        const int e = SSL_get_error(ssl_, n);
        if (e == SSL_ERROR_ZERO_RETURN) return true;  // close_notify: end of stream, read() answers 0
        if (e == SSL_ERROR_WANT_WRITE) want = POLLOUT;
        else if (e != SSL_ERROR_WANT_READ) return tls_failed();
      }
      if (!wait_for(sock_, want, ms_left(until))) {
        if (in_head_ && SteadyClock::now() >= deadline_)
          return refuse(408, "Request Timeout", "request_timeout", "The request took too long to arrive");
        if (SteadyClock::now() >= read_until) return false;  // read timeout
        continue;
      }
      if (ssl_) continue;
      const ssize_t n = ::recv(sock_, buf_, sizeof buf_, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      len_ = static_cast<std::size_t>(n);
      return true;  // n == 0: end of stream, read() answers 0
    }
  }

  // The TLS handshake on a non-blocking socket, until `until`.
  bool handshake(SteadyClock::time_point until) {
    const int flags = ::fcntl(sock_, F_GETFL, 0);
    if (flags < 0 || ::fcntl(sock_, F_SETFL, flags | O_NONBLOCK) < 0) return false;
    ssl_ = SSL_new(tls_);
    if (!ssl_ || SSL_set_fd(ssl_, sock_) != 1) return false;
    for (;;) {
      const int r = SSL_accept(ssl_);
      if (r == 1) {
        tls_open_ = true;
        return true;
      }
      const int e = SSL_get_error(ssl_, r);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return false;
      const int left = ms_left(until);
      if (left <= 0 || !server_.listening()) return false;
      // Short waits so that a stopping server is noticed.
      wait_for(sock_, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, std::min(left, 100));
    }
  }

  bool tls_failed() {
    tls_open_ = false;  // no close_notify after a fatal error
    return false;
  }

  // Writes some of `ptr` within `timeout_ms`: bytes written, or -1.
  ssize_t send_some(const char* ptr, std::size_t size, int timeout_ms) {
    if (size == 0) return 0;
    const auto until = SteadyClock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      short want = POLLOUT;
      if (ssl_) {
        if (!tls_open_) return -1;
        const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
        if (n > 0) return n;
        const int e = SSL_get_error(ssl_, n);
        if (e == SSL_ERROR_WANT_READ) want = POLLIN;
        else if (e != SSL_ERROR_WANT_WRITE) {
          tls_failed();
          return -1;
        }
      } else if (wait_for(sock_, POLLOUT, 0)) {
        const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n;
      }
      const int left = ms_left(until);
      if (left <= 0 || !wait_for(sock_, want, left)) return -1;
    }
  }

  // An answer for a connection refused before httplib has a request to
  // answer (the contract's error format, then close); best effort.
  void send_error(int status, const char* reason, const char* code, const char* message) {
    const std::string body =
        std::string(R"({"error":{"code":")") + code + R"(","message":")" + message + R"("}})";
    const std::string all = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                            "\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
                            "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    std::size_t off = 0;
    const auto until = SteadyClock::now() + std::chrono::seconds(1);
    while (off < all.size()) {
      const ssize_t n = send_some(all.data() + off, all.size() - off, ms_left(until));
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }

  void count_head_byte(char c) {
    ++head_bytes_;
    if (c == '\n') ++head_lines_;
    // The head ends at the first empty line (CRLF CRLF).
    tail_ = (tail_ << 8 | static_cast<unsigned char>(c)) & 0xffffffffu;
    if (tail_ == 0x0d0a0d0au) {
      in_head_ = false;
      return;
    }
    if (head_bytes_ > server_.limits().max_head_bytes || head_lines_ > server_.limits().max_header_lines + 1)
      refuse(431, "Request Header Fields Too Large", "too_large", "The request headers are too large or too many");
  }

  bool refuse(int status, const char* reason, const char* code, const char* message) {
    if (!refused_) {
      refused_ = true;
      send_error(status, reason, code, message);
      log::info("http.refused", {{"status", status}, {"address", ip_}, {"head_bytes", head_bytes_}});
    }
    return false;
  }

  bool set_pending(bool on, bool force) {
    if (on == pending_) return true;
    if (on && !server_.enter_pending(ip_, force)) return false;
    if (!on) server_.leave_pending(ip_);
    pending_ = on;
    return true;
  }

  GuardedServer& server_;
  socket_t sock_;
  SSL_CTX* tls_ = nullptr;
  SSL* ssl_ = nullptr;
  bool tls_open_ = false;
  SteadyClock::time_point accepted_;
  std::string ip_;
  int port_ = 0;
  char buf_[16 * 1024];
  std::size_t pos_ = 0, len_ = 0;
  bool in_head_ = false, refused_ = false, pending_ = false;
  std::size_t head_bytes_ = 0, head_lines_ = 0;
  std::uint32_t tail_ = 0;
  SteadyClock::time_point deadline_{};
};

}  // namespace

GuardedServer::~GuardedServer() {
  if (tls_context_) SSL_CTX_free(tls_context_);
}

bool GuardedServer::enter_pending(const std::string& address, bool force) {
  std::lock_guard lock(pending_mutex_);
  auto& n = pending_[address];
  if (!force && n >= limits_.max_pending_per_address) {
    if (n == 0) pending_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void GuardedServer::leave_pending(const std::string& address) {
  std::lock_guard lock(pending_mutex_);
  const auto it = pending_.find(address);
  if (it == pending_.end()) return;
  if (--it->second == 0) pending_.erase(it);
}

// httplib's own keep-alive loop (process_server_socket_core), over our stream.
bool GuardedServer::process_and_close_socket(socket_t sock) {
  bool ret = false;
  ++active_;
  {
    GuardedStream strm(*this, sock, tls_context_);
    std::size_t count = keep_alive_max();
    bool first = true;
    while (listening() && count > 0 && (!first || strm.open()) && strm.next_request(first)) {
      first = false;
      bool connection_closed = false;
      ret = process_request(strm, count == 1, connection_closed, nullptr);
      if (!ret || connection_closed || strm.refused()) break;
      --count;
    }
  }
  --active_;
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

}  // namespace foxo::relay::http
