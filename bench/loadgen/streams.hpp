// Many live connections held by one epoll thread: the relay's SSE streams
// (GET /api/v1/events) or MQTT subscribers on mosquitto. Both record when a
// marked message ("L<index>E" in its body) arrives, for send-to-receive
// latency.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace bench {

// Receipt times of marked messages (ns, steady clock), first arrival wins.
class Receipts {
 public:
  explicit Receipts(std::size_t n) : at_(n) {
    for (auto& a : at_) a.store(0, std::memory_order_relaxed);
  }
  void mark(std::size_t i, std::int64_t t) {
    if (i >= at_.size()) return;
    std::int64_t zero = 0;
    at_[i].compare_exchange_strong(zero, t);
  }
  std::int64_t at(std::size_t i) const { return at_[i].load(); }
  std::size_t size() const { return at_.size(); }

 private:
  std::vector<std::atomic<std::int64_t>> at_;
};

// Finds every "L<digits>E" marker in `text` and records it.
void scan_markers(const char* p, std::size_t n, Receipts& r, std::int64_t t);

struct OpenReport {
  std::size_t opened = 0, failed = 0;
  double seconds = 0;
};

// Connections opened at once from this one address. Under the relay's cap of
// 256 connections per address waiting for their first answer
// (relay/http/guarded_server.hpp, a defence against hostile clients): a
// bigger burst from one address is refused 429 by design, which measures the
// defence, not stream holding. Both sides of the comparison open alike.
constexpr std::size_t kOpenWindow = 128;

// SSE: one GET /api/v1/events per cookie, all on one epoll thread.
class SseStreams {
 public:
  SseStreams(std::string host, int port, Receipts& receipts);
  ~SseStreams();
  // Opens one stream per cookie (at most `window` connecting at once) and
  // returns once each has answered 200 + ": connected" or failed.
  OpenReport open(const std::vector<std::string>& cookies, std::size_t window = kOpenWindow);
  // Streams that ended (closed by the relay or failed) since they opened.
  std::size_t dropped() const { return dropped_.load(); }
  std::size_t bytes() const { return bytes_.load(); }
  void close_all();

 private:
  struct Conn;
  void loop();
  std::string host_;
  int port_;
  Receipts& receipts_;
  int epfd_ = -1;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::atomic<std::size_t> connected_{0}, failed_{0}, dropped_{0}, bytes_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// MQTT: one subscriber per topic "case/<i>", QoS 1, on one epoll thread.
class MqttSubscribers {
 public:
  MqttSubscribers(std::string host, int port, Receipts& receipts);
  ~MqttSubscribers();
  OpenReport open(std::size_t n, std::size_t window = kOpenWindow);
  std::size_t dropped() const { return dropped_.load(); }
  void close_all();

 private:
  struct Sub;
  void loop();
  std::string host_;
  int port_;
  Receipts& receipts_;
  int epfd_ = -1;
  std::vector<std::unique_ptr<Sub>> subs_;
  std::atomic<std::size_t> subscribed_{0}, failed_{0}, dropped_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace bench
