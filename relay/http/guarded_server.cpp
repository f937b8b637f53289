#include "http/guarded_server.hpp"

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

// A raw answer for a connection that is refused before httplib has a request
// to answer (the contract's error format, then close).
void send_raw_error(socket_t sock, int status, const char* reason, const char* code, const char* message) {
  const std::string body =
      std::string(R"({"error":{"code":")") + code + R"(","message":")" + message + R"("}})";
  const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                           "\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
                           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  const std::string all = head + body;
  if (wait_for(sock, POLLOUT, 1000)) {
    const auto n = ::send(sock, all.data(), all.size(), MSG_NOSIGNAL);
    (void)n;  // best effort: the connection is closed next anyway
  }
}

class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(GuardedServer& server, socket_t sock) : server_(server), sock_(sock) {
    ip_ = peer_ip(sock, &port_);
  }
  ~GuardedStream() override { set_pending(false, false); }

  const std::string& ip() const { return ip_; }

  // Waits for the next request's first byte: up to the head deadline for a
  // new connection (which counts against its address's cap from now on; 429
  // beyond it), the keep-alive timeout after an answered request (shorter
  // when the workers are busy). False when nothing came or the server stops.
  bool next_request(bool first) {
    if (first && !set_pending(true, false)) {
      send_raw_error(sock_, 429, "Too Many Requests", "rate_limited", "Too many open connections");
      return false;
    }
    in_head_ = true;
    head_bytes_ = head_lines_ = 0;
    tail_ = 0;
    const auto head_time = std::chrono::seconds(server_.limits().head_timeout_s);
    deadline_ = SteadyClock::now() + head_time;
    const auto until = SteadyClock::now() + (first ? head_time : std::chrono::seconds(server_.keep_alive_timeout_s()));
    bool ready = pos_ < len_;
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
    return pos_ < len_ || wait_for(sock_, POLLIN, static_cast<int>(server_.read_timeout_s() * 1000));
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
    if (!is_writable()) return -1;
    for (;;) {
      const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
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
  // Reads more bytes; false on error, timeout or a refused head.
  bool fill() {
    pos_ = len_ = 0;
    for (;;) {
      int timeout_ms = static_cast<int>(server_.read_timeout_s() * 1000);
      if (in_head_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - SteadyClock::now()).count();
        if (left <= 0) return refuse(408, "Request Timeout", "request_timeout", "The request took too long to arrive");
        timeout_ms = static_cast<int>(std::min<long long>(timeout_ms, left));
      }
      if (!wait_for(sock_, POLLIN, timeout_ms)) {
        if (in_head_ && SteadyClock::now() >= deadline_)
          return refuse(408, "Request Timeout", "request_timeout", "The request took too long to arrive");
        return false;  // read timeout
      }
      const ssize_t n = ::recv(sock_, buf_, sizeof buf_, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      len_ = static_cast<std::size_t>(n);
      return true;  // n == 0: end of stream, read() answers 0
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
      send_raw_error(sock_, status, reason, code, message);
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
    GuardedStream strm(*this, sock);
    std::size_t count = keep_alive_max();
    bool first = true;
    while (listening() && count > 0 && strm.next_request(first)) {
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
