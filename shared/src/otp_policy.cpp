#include "foxo/otp_policy.hpp"

#include <algorithm>

namespace foxo {
namespace {
// Within a sliding window, returns the count of sends and when the oldest one
// leaves the window (so a refusal can say when to retry).
struct WindowCount {
  int count = 0;
  TimeMs oldest_in_window = 0;
};
WindowCount count_in_window(const std::vector<TimeMs>& sends, TimeMs window, TimeMs now) {
  WindowCount w;
  TimeMs oldest = now;
  for (TimeMs t : sends) {
    if (t > now - window && t <= now) {
      ++w.count;
      oldest = std::min(oldest, t);
    }
  }
  w.oldest_in_window = oldest;
  return w;
}
}  // namespace

SendDecision decide_send(const OtpPolicy& p, const SendHistory& h, TimeMs now) {
  TimeMs retry_at = 0;
  if (h.last_send_for_challenge > 0 && now < h.last_send_for_challenge + p.resend_cooldown)
    retry_at = std::max(retry_at, h.last_send_for_challenge + p.resend_cooldown);
  const auto num = count_in_window(h.number_sends, p.number_window, now);
  if (num.count >= p.max_sends_per_number) retry_at = std::max(retry_at, num.oldest_in_window + p.number_window);
  const auto addr = count_in_window(h.address_sends, p.address_window, now);
  if (addr.count >= p.max_sends_per_address) retry_at = std::max(retry_at, addr.oldest_in_window + p.address_window);
  if (retry_at > now) return {false, ErrorCode::rate_limited, retry_at};
  return {true, ErrorCode::rate_limited, 0};
}

VerifyOutcome decide_verify(const OtpPolicy& p, const ChallengeState& c, TimeMs now) {
  if (c.used) return VerifyOutcome::used;
  if (c.wrong_attempts >= p.max_wrong_attempts) return VerifyOutcome::locked;
  if (now >= c.code_issued_at + p.code_ttl) return VerifyOutcome::expired;
  return VerifyOutcome::check_code;
}

int attempts_left_after_wrong(const OtpPolicy& p, const ChallengeState& c) {
  return std::max(0, p.max_wrong_attempts - c.wrong_attempts);
}

std::string code_from_random(const OtpPolicy& p, const std::uint8_t* bytes, std::size_t n) {
  std::uint32_t modulus = 1;
  for (int i = 0; i < p.digits; ++i) modulus *= 10;
  // Largest multiple of modulus that fits: values at or above it are rejected.
  const std::uint64_t limit = (std::uint64_t{1} << 32) / modulus * modulus;
  for (std::size_t i = 0; i + 4 <= n; i += 4) {
    const std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 24 | static_cast<std::uint32_t>(bytes[i + 1]) << 16 |
                            static_cast<std::uint32_t>(bytes[i + 2]) << 8 | bytes[i + 3];
    if (v >= limit) continue;
    std::string code = std::to_string(v % modulus);
    return std::string(static_cast<std::size_t>(p.digits) - code.size(), '0') + code;
  }
  return {};
}

}  // namespace foxo
