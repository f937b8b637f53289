// An in-process fake of Twilio's Messages endpoint: an httplib::Server on a
// free loopback port that records every request and answers from a script.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

namespace foxo::sms::testing {

struct Scripted {
  Scripted() = default;
  Scripted(int status_, std::string body_, httplib::Headers headers_ = {},
           std::chrono::milliseconds delay_ = std::chrono::milliseconds{0})
      : status(status_), body(std::move(body_)), headers(std::move(headers_)), delay(delay_) {}

  int status = 201;
  std::string body;
  httplib::Headers headers;
  std::chrono::milliseconds delay{0};  // wait before answering (read-timeout tests)
};

struct Received {
  std::string method;
  std::string path;
  std::string authorization;
  std::string content_type;
  std::string raw_body;
  std::multimap<std::string, std::string> form;  // decoded by httplib
  bool has(const std::string& key) const { return form.count(key) > 0; }
  std::string get(const std::string& key) const {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
  }
};

inline std::string twilio_message_json(const std::string& sid, const std::string& to) {
  return R"({"sid":")" + sid + R"(","status":"queued","to":")" + to + R"(","body":"x","error_code":null})";
}

inline std::string twilio_error_json(int status, int code, const std::string& message) {
  return R"({"code":)" + std::to_string(code) + R"(,"message":")" + message +
         R"(","more_info":"https://www.twilio.com/docs/errors/)" + std::to_string(code) +
         R"(","status":)" + std::to_string(status) + "}";
}

class FakeTwilio {
 public:
  FakeTwilio() {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      Scripted answer;
      {
        std::lock_guard<std::mutex> lock(mu_);
        Received r;
        r.method = req.method;
        r.path = req.path;
        r.authorization = req.get_header_value("Authorization");
        r.content_type = req.get_header_value("Content-Type");
        r.raw_body = req.body;
        for (const auto& [k, v] : req.params) r.form.emplace(k, v);
        received_.push_back(std::move(r));
        if (!script_.empty()) {
          answer = script_.front();
          if (script_.size() > 1) script_.pop_front();  // the last answer repeats
        } else {
          answer.body = twilio_message_json("SM00000000000000000000000000000001", req.get_param_value("To"));
        }
      }
      if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
      res.status = answer.status;
      for (const auto& [k, v] : answer.headers) res.set_header(k.c_str(), v);
      res.set_content(answer.body, "application/json");
    };
    server_.Post(".*", handler);
    server_.Get(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeTwilio() { stop(); }
  FakeTwilio(const FakeTwilio&) = delete;
  FakeTwilio& operator=(const FakeTwilio&) = delete;

  void stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }

  void script(std::vector<Scripted> answers) {
    std::lock_guard<std::mutex> lock(mu_);
    script_.assign(answers.begin(), answers.end());
  }

  std::vector<Received> received() const {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
  mutable std::mutex mu_;
  std::deque<Scripted> script_;
  std::vector<Received> received_;
};

}  // namespace foxo::sms::testing
