// Helpers for the case and live-event integration tests: guests from the dev
// load fixture, and a Server-Sent Events client on its own thread.
#pragma once
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "relay_process.hpp"

namespace foxo::test {

struct FixtureGuest {
  std::string cookie, case_id;
};

// N verified guests with one case each: active and assigned to `assign`, or
// waiting in the team's queue when `assign` is empty.
inline std::vector<FixtureGuest> load_guests(const RelayProcess& relay, const std::string& team, int n,
                                             const std::string& assign = "") {
  json body{{"team", team}, {"guests", n}};
  if (!assign.empty()) body["assign"] = assign;
  const auto r = relay.post("/api/v1/dev/load-fixture", body);
  if (r.status != 200) throw std::runtime_error("load-fixture: " + std::to_string(r.status) + " " + r.raw);
  std::vector<FixtureGuest> out;
  for (const auto& g : r.body["guests"]) out.push_back({g["cookie"], g["case_id"]});
  return out;
}

// A guest signed in by SMS code with the number as they typed it (`e164`:
// where the dev SMS log files the code). Returns the cookie "foxo_guest=...".
inline std::string verified_guest(const RelayProcess& relay, const std::string& team, const std::string& first,
                                  const std::string& last, const std::string& typed_phone, const std::string& e164) {
  const auto otp = relay.post("/api/v1/guest/otp",
                              {{"team", team}, {"first_name", first}, {"last_name", last}, {"phone", typed_phone}});
  if (otp.status != 202) throw std::runtime_error("otp: " + otp.raw);
  const auto v = relay.post("/api/v1/guest/otp/verify",
                            {{"challenge_id", otp.body["challenge_id"]}, {"code", relay.last_code_for(e164)}});
  if (v.status != 200) throw std::runtime_error("verify: " + v.raw);
  return v.set_cookie("foxo_guest");
}

inline json message_body(const std::string& client_id, const std::string& body) {
  return json{{"client_id", client_id}, {"body", body}};
}

// A live event stream read on a background thread. Waits use a condition
// variable with a deadline; nothing here sleeps to synchronise.
class SseClient {
 public:
  struct Event {
    std::int64_t id = 0;
    std::string event;
    json data;
  };

  SseClient(int port, const std::string& cookie, httplib::Headers extra = {},
            std::string path = "/api/v1/events")
      : client_("127.0.0.1", port) {
    client_.set_read_timeout(120);
    if (!cookie.empty()) extra.emplace("Cookie", cookie);
    thread_ = std::thread([this, extra, path] {
      auto r = client_.Get(
          path.c_str(), extra,
          [this](const httplib::Response& res) {
            std::lock_guard lock(m_);
            status_ = res.status;
            cv_.notify_all();
            return true;
          },
          [this](const char* data, std::size_t len) {
            std::lock_guard lock(m_);
            raw_.append(data, len);
            buffer_.append(data, len);
            parse_locked();
            cv_.notify_all();
            return !stopping_;
          });
      std::lock_guard lock(m_);
      ended_ = true;
      ended_cleanly_ = static_cast<bool>(r);  // httplib: the chunked body's terminating chunk arrived
      if (r && status_ == 0) status_ = r->status;
      cv_.notify_all();
    });
  }
  ~SseClient() { stop(); }
  SseClient(const SseClient&) = delete;

  // Closes the connection (as a browser closing the tab would).
  void stop() {
    {
      std::lock_guard lock(m_);
      stopping_ = true;
    }
    client_.stop();
    if (thread_.joinable()) thread_.join();
  }

  // True once the relay answered 200 and sent its opening comment.
  bool wait_connected(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return wait_until([this] { return connected_; }, timeout);
  }
  // The response status (0 before headers arrive or on connection failure).
  int wait_status(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    wait_until([this] { return status_ != 0 || ended_; }, timeout);
    std::lock_guard lock(m_);
    return status_;
  }
  bool wait_for(const std::function<bool(const std::vector<Event>&)>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return wait_until([&] { return pred(events_); }, timeout);
  }
  bool wait_events(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return wait_until([&] { return events_.size() >= n; }, timeout);
  }
  bool wait_comments(const std::string& text, int n, std::chrono::milliseconds timeout) {
    return wait_until([&] { return count_comments_locked(text) >= n; }, timeout);
  }
  bool wait_ended(std::chrono::milliseconds timeout) {
    return wait_until([this] { return ended_; }, timeout);
  }
  // After wait_ended: true when the relay ended the response properly (its
  // terminating chunk), false on a reset or a cut connection.
  bool ended_cleanly() {
    std::lock_guard lock(m_);
    return ended_ && ended_cleanly_;
  }
  std::vector<Event> events() {
    std::lock_guard lock(m_);
    return events_;
  }
  std::string raw() {
    std::lock_guard lock(m_);
    return raw_;
  }
  int comments(const std::string& text) {
    std::lock_guard lock(m_);
    return count_comments_locked(text);
  }
  std::int64_t last_id() {
    std::lock_guard lock(m_);
    return events_.empty() ? 0 : events_.back().id;
  }

 private:
  template <class P>
  bool wait_until(P pred, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, timeout, pred);
  }
  int count_comments_locked(const std::string& text) const {
    int n = 0;
    for (const auto& c : comments_)
      if (c == text) ++n;
    return n;
  }
  void parse_locked() {
    for (;;) {
      const auto end = buffer_.find("\n\n");
      if (end == std::string::npos) return;
      const std::string block = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      Event e;
      std::string data;
      bool has_data = false;
      std::size_t pos = 0;
      while (pos <= block.size()) {
        const auto nl = std::min(block.find('\n', pos), block.size());
        const std::string line = block.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) continue;
        if (line[0] == ':') {
          const std::string text = line.size() > 1 && line[1] == ' ' ? line.substr(2) : line.substr(1);
          comments_.push_back(text);
          if (text == "connected") connected_ = true;
        } else if (line.rfind("id: ", 0) == 0) {
          e.id = std::stoll(line.substr(4));
        } else if (line.rfind("event: ", 0) == 0) {
          e.event = line.substr(7);
        } else if (line.rfind("data: ", 0) == 0) {
          data += line.substr(6);
          has_data = true;
        }
      }
      if (has_data) {
        e.data = json::parse(data, nullptr, false);
        events_.push_back(std::move(e));
      }
    }
  }

  httplib::Client client_;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  std::string raw_, buffer_;
  std::vector<Event> events_;
  std::vector<std::string> comments_;
  int status_ = 0;
  bool connected_ = false;
  bool ended_ = false;
  bool ended_cleanly_ = false;
  bool stopping_ = false;
};

// Message seqs of `message` events for one case, in arrival order.
inline std::vector<std::int64_t> message_seqs(const std::vector<SseClient::Event>& events,
                                              const std::string& case_id) {
  std::vector<std::int64_t> out;
  for (const auto& e : events)
    if (e.event == "message" && e.data.value("case_id", std::string()) == case_id)
      out.push_back(e.data["message"]["seq"].get<std::int64_t>());
  return out;
}

}  // namespace foxo::test
