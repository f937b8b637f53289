#include "streams.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common.hpp"

namespace bench {

void scan_markers(const char* p, std::size_t n, Receipts& r, std::int64_t t) {
  for (std::size_t i = 0; i + 2 < n; ++i) {
    if (p[i] != 'L' || p[i + 1] < '0' || p[i + 1] > '9') continue;
    std::size_t j = i + 1, v = 0;
    while (j < n && p[j] >= '0' && p[j] <= '9') v = v * 10 + static_cast<std::size_t>(p[j++] - '0');
    if (j < n && p[j] == 'E') r.mark(v, t);
    i = j;
  }
}

// ---- SSE ---------------------------------------------------------------------

struct SseStreams::Conn {
  int fd = -1;
  std::string request;
  std::size_t sent = 0;
  std::string head;  // bytes before ": connected"
  std::string tail;  // an unfinished line carried to the next read
  enum class Stage { connecting, streaming, done } stage = Stage::connecting;
  bool counted = false;
};

SseStreams::SseStreams(std::string host, int port, Receipts& receipts)
    : host_(std::move(host)), port_(port), receipts_(receipts) {
  epfd_ = ::epoll_create1(0);
  thread_ = std::thread([this] { loop(); });
}

SseStreams::~SseStreams() {
  close_all();
  ::close(epfd_);
}

void SseStreams::close_all() {
  if (stop_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  for (auto& c : conns_)
    if (c->fd >= 0) ::close(c->fd);
}

OpenReport SseStreams::open(const std::vector<std::string>& cookies, std::size_t window) {
  const auto t0 = now_ns();
  conns_.reserve(conns_.size() + cookies.size());
  const std::size_t base_done = connected_ + failed_;
  const std::size_t base_failed = failed_;
  std::size_t started = 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
  for (const auto& cookie : cookies) {
    while (started - (connected_ + failed_ - base_done) >= window) std::this_thread::sleep_for(std::chrono::microseconds(200));
    auto c = std::make_unique<Conn>();
    c->request = "GET /api/v1/events HTTP/1.1\r\nHost: " + host_ + "\r\nAccept: text/event-stream\r\nCookie: " + cookie +
                 "\r\n\r\n";
    c->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ++started;
    if (c->fd < 0) {
      note(std::string("socket: ") + std::strerror(errno));
      ++failed_;
      continue;
    }
    const int rc = ::connect(c->fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc < 0 && errno != EINPROGRESS) {
      ++failed_;
      ::close(c->fd);
      c->fd = -1;
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.ptr = c.get();
    Conn* raw = c.get();
    conns_.push_back(std::move(c));
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, raw->fd, &ev);
  }
  while (connected_ + failed_ - base_done < started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  OpenReport r;
  r.failed = failed_ - base_failed;
  r.opened = started - r.failed;
  r.seconds = static_cast<double>(now_ns() - t0) / 1e9;
  return r;
}

void SseStreams::loop() {
  std::vector<epoll_event> events(1024);
  std::vector<char> buf(64 * 1024);
  while (!stop_) {
    const int n = ::epoll_wait(epfd_, events.data(), static_cast<int>(events.size()), 50);
    const std::int64_t t = now_ns();
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<Conn*>(events[i].data.ptr);
      if (c->stage == Conn::Stage::done) continue;
      auto fail = [&] {
        if (c->stage == Conn::Stage::streaming) ++dropped_;
        else if (!c->counted) {
          c->counted = true;
          ++failed_;
        }
        c->stage = Conn::Stage::done;
        ::epoll_ctl(epfd_, EPOLL_CTL_DEL, c->fd, nullptr);
        ::close(c->fd);
        c->fd = -1;
      };
      if ((events[i].events & EPOLLOUT) && c->sent < c->request.size()) {
        const auto w = ::send(c->fd, c->request.data() + c->sent, c->request.size() - c->sent, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN) {
          fail();
          continue;
        }
        if (w > 0) c->sent += static_cast<std::size_t>(w);
        if (c->sent == c->request.size()) {
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.ptr = c;
          ::epoll_ctl(epfd_, EPOLL_CTL_MOD, c->fd, &ev);
        }
      }
      if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      for (;;) {
        const auto r = ::recv(c->fd, buf.data(), buf.size(), 0);
        if (r == 0 || (r < 0 && errno != EAGAIN)) {
          fail();
          break;
        }
        if (r < 0) break;
        bytes_ += static_cast<std::size_t>(r);
        if (c->stage == Conn::Stage::connecting) {
          c->head.append(buf.data(), static_cast<std::size_t>(r));
          if (c->head.size() >= 12 && c->head.compare(0, 12, "HTTP/1.1 200") != 0) {
            note("stream refused: " + c->head.substr(0, c->head.find("\r\n")));
            fail();
            break;
          }
          if (c->head.find(": connected") != std::string::npos) {
            c->stage = Conn::Stage::streaming;
            c->counted = true;
            ++connected_;
            c->head.clear();
            c->head.shrink_to_fit();
          }
          continue;
        }
        scan_markers(buf.data(), static_cast<std::size_t>(r), receipts_, t);
      }
    }
  }
}

// ---- MQTT ----------------------------------------------------------------------
// A minimal MQTT 3.1.1 subscriber on the same epoll loop: libmosquitto's
// client keeps a socket pair per connection besides its socket (3 descriptors
// each), which 10,000 subscribers cannot fit under this machine's 20,000 file
// limit; this needs one. CONNECT and SUBSCRIBE are sent at once (the protocol
// allows it), every QoS 1 PUBLISH is answered with PUBACK.

namespace {

void put_str(std::string& out, const std::string& s) {
  out += static_cast<char>(s.size() >> 8);
  out += static_cast<char>(s.size() & 0xff);
  out += s;
}

void put_packet(std::string& out, unsigned char type, const std::string& body) {
  out += static_cast<char>(type);
  std::size_t n = body.size();
  do {
    unsigned char b = n % 128;
    n /= 128;
    if (n) b |= 0x80;
    out += static_cast<char>(b);
  } while (n);
  out += body;
}

}  // namespace

struct MqttSubscribers::Sub {
  int fd = -1;
  std::string out;  // bytes to send
  std::size_t sent = 0;
  std::string in;
  bool subscribed = false, alive = true, counted = false;
};

MqttSubscribers::MqttSubscribers(std::string host, int port, Receipts& receipts)
    : host_(std::move(host)), port_(port), receipts_(receipts) {
  epfd_ = ::epoll_create1(0);
  thread_ = std::thread([this] { loop(); });
}

MqttSubscribers::~MqttSubscribers() {
  close_all();
  ::close(epfd_);
}

void MqttSubscribers::close_all() {
  if (stop_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  for (auto& s : subs_)
    if (s->fd >= 0) ::close(s->fd);
  subs_.clear();
}

OpenReport MqttSubscribers::open(std::size_t n, std::size_t window) {
  const auto t0 = now_ns();
  OpenReport r;
  subs_.reserve(n);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
  std::size_t started = 0;
  for (std::size_t i = 0; i < n; ++i) {
    while (started - (subscribed_ + failed_) >= window) std::this_thread::sleep_for(std::chrono::microseconds(200));
    auto s = std::make_unique<Sub>();
    std::string connect;
    connect += std::string("\0\4MQTT", 6);
    connect += '\4';    // protocol level 3.1.1
    connect += '\x02';  // clean session
    connect += '\x02';  // keepalive 600 s
    connect += '\x58';
    put_str(connect, "bench-" + std::to_string(i));
    std::string subscribe;
    subscribe += '\0';
    subscribe += '\1';  // packet id 1
    put_str(subscribe, "case/" + std::to_string(i));
    subscribe += '\1';  // QoS 1
    put_packet(s->out, 0x10, connect);
    put_packet(s->out, 0x82, subscribe);
    s->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ++started;
    if (s->fd < 0 || (::connect(s->fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 && errno != EINPROGRESS)) {
      ++failed_;
      if (s->fd >= 0) ::close(s->fd);
      continue;
    }
    int one = 1;
    ::setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.ptr = s.get();
    Sub* raw = s.get();
    subs_.push_back(std::move(s));  // reserved above: never reallocates under the loop
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, raw->fd, &ev);
  }
  while (subscribed_ + failed_ < started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  r.failed = failed_;
  r.opened = subscribed_;
  r.seconds = static_cast<double>(now_ns() - t0) / 1e9;
  return r;
}

void MqttSubscribers::loop() {
  std::vector<epoll_event> events(1024);
  std::vector<char> buf(64 * 1024);
  while (!stop_) {
    const int n = ::epoll_wait(epfd_, events.data(), static_cast<int>(events.size()), 50);
    const std::int64_t t = now_ns();
    for (int i = 0; i < n; ++i) {
      auto* s = static_cast<Sub*>(events[i].data.ptr);
      if (!s->alive) continue;
      auto fail = [&] {
        s->alive = false;
        if (s->subscribed) ++dropped_;
        else ++failed_;
        ::epoll_ctl(epfd_, EPOLL_CTL_DEL, s->fd, nullptr);
        ::close(s->fd);
        s->fd = -1;
      };
      auto flush = [&] {
        while (s->sent < s->out.size()) {
          const auto w = ::send(s->fd, s->out.data() + s->sent, s->out.size() - s->sent, MSG_NOSIGNAL);
          if (w < 0) return errno == EAGAIN;
          s->sent += static_cast<std::size_t>(w);
        }
        s->out.clear();
        s->sent = 0;
        return true;
      };
      if ((events[i].events & EPOLLOUT) && !flush()) {
        fail();
        continue;
      }
      if (s->out.empty() && (events[i].events & EPOLLOUT)) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = s;
        ::epoll_ctl(epfd_, EPOLL_CTL_MOD, s->fd, &ev);
      }
      if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      bool dead = false;
      for (;;) {
        const auto r = ::recv(s->fd, buf.data(), buf.size(), 0);
        if (r == 0 || (r < 0 && errno != EAGAIN)) {
          dead = true;
          break;
        }
        if (r < 0) break;
        s->in.append(buf.data(), static_cast<std::size_t>(r));
      }
      // Whole packets: type byte, remaining length (varint), body.
      std::size_t pos = 0;
      for (;;) {
        if (s->in.size() - pos < 2) break;
        std::size_t len = 0, mul = 1, k = pos + 1;
        bool complete = false;
        while (k < s->in.size()) {
          const auto b = static_cast<unsigned char>(s->in[k++]);
          len += (b & 0x7f) * mul;
          mul *= 128;
          if (!(b & 0x80)) {
            complete = true;
            break;
          }
        }
        if (!complete || s->in.size() - k < len) break;
        const auto type = static_cast<unsigned char>(s->in[pos]);
        const char* body = s->in.data() + k;
        if ((type & 0xf0) == 0x90 && !s->subscribed) {  // SUBACK
          s->subscribed = true;
          ++subscribed_;
        } else if ((type & 0xf0) == 0x30 && len >= 2) {  // PUBLISH
          const int qos = (type >> 1) & 3;
          const std::size_t tlen = (static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1]);
          std::size_t off = 2 + tlen;
          if (qos > 0 && off + 2 <= len) {
            std::string ack;
            ack += '\x40';
            ack += '\x02';
            ack += body[off];
            ack += body[off + 1];
            s->out += ack;
            off += 2;
          }
          if (off <= len) scan_markers(body + off, len - off, receipts_, t);
        }
        pos = k + len;
      }
      s->in.erase(0, pos);
      if (!s->out.empty() && !flush()) dead = true;
      if (dead) fail();
    }
  }
}

}  // namespace bench
