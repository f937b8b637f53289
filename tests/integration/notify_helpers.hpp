// Helpers for the closing, unseen-activity SMS and resume-link tests.
#pragma once
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "case_helpers.hpp"

namespace foxo::test {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kDay = 24 * 60 * 60;

// The guest's phone (fixture guests have distinct ones).
inline std::string guest_phone(const RelayProcess& relay, const std::string& cookie) {
  const auto r = relay.get("/api/v1/guest/me", cookie);
  if (r.status != 200) throw std::runtime_error("guest/me: " + r.raw);
  return r.body["guest"]["phone"];
}

// Signs the guest with `phone` in again by SMS code (sessions go idle after
// 8 h of dev-clock time). Returns the new cookie "foxo_guest=...".
inline std::string sign_in(const RelayProcess& relay, const std::string& phone, const std::string& first = "Thảo",
                           const std::string& last = "Nguyễn") {
  const auto otp = relay.post("/api/v1/guest/otp",
                              {{"team", "intake"}, {"first_name", first}, {"last_name", last}, {"phone", phone}});
  if (otp.status != 202) throw std::runtime_error("otp: " + otp.raw);
  const auto v = relay.post("/api/v1/guest/otp/verify",
                            {{"challenge_id", otp.body["challenge_id"]}, {"code", relay.last_code_for(phone)}});
  if (v.status != 200) throw std::runtime_error("verify: " + v.raw);
  return v.set_cookie("foxo_guest");
}

// Notification SMS (those with a resume link) the relay sent to `phone`, oldest first.
inline std::vector<std::string> link_sms_to(const RelayProcess& relay, const std::string& phone) {
  std::vector<std::string> out;
  for (const auto& m : relay.dev_sms())
    if (m["to"] == phone && m["body"].get<std::string>().find("/r/") != std::string::npos) out.push_back(m["body"]);
  return out;
}

// The token of the link in an SMS body ("... {public-url}/r/TOKEN").
inline std::string link_token(const std::string& body) {
  const auto at = body.rfind("/r/");
  if (at == std::string::npos) return "";
  std::string t = body.substr(at + 3);
  const auto end = t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
  return end == std::string::npos ? t : t.substr(0, end);
}

inline json staff_message(const RelayProcess& relay, const std::string& staff_cookie, const std::string& case_id,
                          const std::string& client_id, const std::string& body = "We have an update for you") {
  const auto r = relay.post("/api/v1/cases/" + case_id + "/messages", message_body(client_id, body), staff_cookie);
  if (r.status != 201) throw std::runtime_error("staff message: " + r.raw);
  return r.body;
}

// Waits (polling the relay's health with a deadline) until it holds `n` open
// event streams: a closed client is noticed at the stream's next write.
inline bool wait_open_streams(const RelayProcess& relay, int n,
                              std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto r = relay.get("/api/v1/health");
    if (r.status == 200 && r.body.value("open_streams", -1) == n) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// A relay whose event streams write a keepalive every 50 ms, so that a
// closed client is noticed quickly.
inline RelayProcess::Options fast_keepalive() {
  RelayProcess::Options o;
  o.env.push_back({"FOXO_SSE_KEEPALIVE_MS", "50"});
  return o;
}

}  // namespace foxo::test
